/** Collects the problems of one request into an OTLP `partial_success` error message. */
export class ErrorCollector {
  private readonly _messages: string[] = [];
  private _more = 0;

  /** @param max most problems spelled out; the rest are counted */
  constructor(private readonly max: number) {}

  /** Adds a problem; `where` is only called when the message will be shown. */
  add(where: () => string, message: string): void {
    if (this._messages.length < this.max) this._messages.push(`${where()}: ${message}`);
    else this._more++;
  }

  /** The message: problems joined by '; ', plus "(and N more)"; '' when none. */
  message(): string {
    if (this._messages.length === 0) return '';
    const text = this._messages.join('; ');
    return this._more > 0 ? `${text} (and ${this._more} more)` : text;
  }
}
