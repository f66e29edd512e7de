/** RFC 9457 problem details, as every error of the API is sent. */
export interface FieldError {
  /** JSON pointer (RFC 6901) into the request body, e.g. `/resident` or `/rows/3/phone`. */
  pointer: string
  message: string
  code?: string
}

export interface ProblemDetails {
  type: string
  title: string
  status: number
  detail?: string
  instance?: string
  errors?: FieldError[]
  [extension: string]: unknown
}
