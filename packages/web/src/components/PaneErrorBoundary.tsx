import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  title: string;
  children: ReactNode;
}

interface State {
  error?: Error;
}

/**
 * Keeps a failing pane to its own box: the rest of the page (and the presenter's shell) goes on.
 * The pane can be tried again without a reload.
 */
export class PaneErrorBoundary extends Component<Props, State> {
  override state: State = {};

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`The ${this.props.title} pane failed: ${error.message}`, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <section className="pane pane-failed" role="alert">
        <header className="pane-head">
          <h2 className="pane-title">{this.props.title}</h2>
        </header>
        <div className="pane-body">
          <div className="placeholder">
            <p className="placeholder-feature">This pane stopped: {this.state.error.message}</p>
            <p>The other panes are not affected.</p>
            <p>
              <button type="button" className="btn" onClick={() => this.setState({ error: undefined })}>
                Try again
              </button>
            </p>
          </div>
        </div>
      </section>
    );
  }
}
