// cytoscape-fcose ships no types; this is the part Phedds uses.
declare module 'cytoscape-fcose' {
  import type { Ext } from 'cytoscape';
  const fcose: Ext;
  export default fcose;
}
