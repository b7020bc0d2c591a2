/** The body of every 4xx/5xx answer of the REST API. */
export interface ApiError {
  /** A stable machine code, e.g. `not_found`, `bad_request`, `conflict`, `engine_unreachable`. */
  error: string;
  /** What was wrong and what to do, for a person. */
  message: string;
  details?: unknown;
}
