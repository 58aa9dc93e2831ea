package dev.agenttracing;

import java.time.Duration;

/**
 * Counts the agent runs of one {@link AgentTracer} that have started and not ended. A run
 * ends here only after its span has ended, that is after every span processor (Boot's
 * batch processor among them) has been handed the span, so a run that no longer counts
 * has been queued for export and a flush that follows cannot miss it. Tools and LLM calls
 * are not counted, so they pay nothing for it.
 *
 * @author agent-tracing
 */
final class RunsInFlight {

	private final Object monitor = new Object();

	private int running;

	void started() {
		synchronized (this.monitor) {
			this.running++;
		}
	}

	void ended() {
		synchronized (this.monitor) {
			this.running = Math.max(0, this.running - 1);
			if (this.running == 0) {
				this.monitor.notifyAll();
			}
		}
	}

	int running() {
		synchronized (this.monitor) {
			return this.running;
		}
	}

	boolean awaitNone(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.monitor) {
			while (this.running > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				this.monitor.wait(Math.max(1, left / 1_000_000));
			}
			return true;
		}
	}

}
