package dev.agenttracing.redact;

/**
 * A point in time by which redaction of one value must be done. Checked between rules
 * and, through {@link #guard(String)}, while a regular expression reads the text, so even
 * a rule that backtracks badly cannot hold the traced call for longer than the timeout.
 *
 * @author agent-tracing
 */
final class Deadline {

	private final long deadlineNanos;

	Deadline(long timeoutNanos) {
		this.deadlineNanos = System.nanoTime() + timeoutNanos;
	}

	/** Nanoseconds left, zero or less once time is up. */
	long remainingNanos() {
		return this.deadlineNanos - System.nanoTime();
	}

	void check() {
		if (System.nanoTime() - this.deadlineNanos > 0) {
			throw new RedactionException("Redaction timed out", null);
		}
	}

	CharSequence guard(String text) {
		return new GuardedText(text, this, 0, text.length());
	}

	/**
	 * A view of the text that checks the deadline every 1024 character reads.
	 */
	private static final class GuardedText implements CharSequence {

		private final String text;

		private final Deadline deadline;

		private final int start;

		private final int end;

		private int reads;

		GuardedText(String text, Deadline deadline, int start, int end) {
			this.text = text;
			this.deadline = deadline;
			this.start = start;
			this.end = end;
		}

		@Override
		public int length() {
			return this.end - this.start;
		}

		@Override
		public char charAt(int index) {
			if ((++this.reads & 1023) == 0) {
				this.deadline.check();
			}
			return this.text.charAt(this.start + index);
		}

		@Override
		public CharSequence subSequence(int from, int to) {
			return new GuardedText(this.text, this.deadline, this.start + from, this.start + to);
		}

		@Override
		public String toString() {
			return this.text.substring(this.start, this.end);
		}

	}

}
