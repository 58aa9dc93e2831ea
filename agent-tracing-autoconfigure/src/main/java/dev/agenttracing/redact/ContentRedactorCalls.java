package dev.agenttracing.redact;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.util.Assert;

import dev.agenttracing.support.TracingFaults;

/**
 * Calls the application's {@link ContentRedactor ContentRedactors} on threads of their
 * own, so that the traced call waits for them only until the value's deadline, whatever
 * they do: the built-in rules check the deadline as they read, but code of the
 * application's may block or loop without ever looking at it. When time is up the caller
 * goes on without the value (fail closed) and the redactor's thread is interrupted. At
 * most {@value #MAX_THREADS} threads exist; when redactors hold all of them, further
 * values are dropped at once rather than queued, so a hanging redactor costs neither the
 * caller's time nor unbounded threads. Idle threads end after
 * {@value #KEEP_ALIVE_SECONDS} seconds.
 *
 * @author agent-tracing
 */
final class ContentRedactorCalls {

	static final int MAX_THREADS = 4;

	private static final long KEEP_ALIVE_SECONDS = 30;

	private final List<ContentRedactor> redactors;

	private final ThreadPoolExecutor executor;

	ContentRedactorCalls(List<ContentRedactor> redactors) {
		this.redactors = List.copyOf(redactors);
		this.executor = new ThreadPoolExecutor(0, MAX_THREADS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
				new SynchronousQueue<>(), new RedactorThreads());
	}

	int count() {
		return this.redactors.size();
	}

	String apply(String text, Deadline deadline) {
		if (this.redactors.isEmpty()) {
			return text;
		}
		Future<String> result;
		try {
			result = this.executor.submit(() -> redact(text));
		}
		catch (RejectedExecutionException ex) {
			TracingFaults.notice("redactors-busy",
					"Every one of the " + MAX_THREADS + " threads that run"
							+ " ContentRedactor beans is still busy after its timeout (a redactor that hangs?); values"
							+ " are dropped from spans until one is free");
			throw new RedactionException("Every ContentRedactor thread is busy", null);
		}
		try {
			return result.get(Math.max(deadline.remainingNanos(), 0), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			result.cancel(true);
			throw new RedactionException("Redaction timed out", null);
		}
		catch (ExecutionException ex) {
			throw new RedactionException("Redaction failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			result.cancel(true);
			Thread.currentThread().interrupt();
			throw new RedactionException("Redaction interrupted", ex);
		}
	}

	private String redact(String text) {
		String result = text;
		for (ContentRedactor redactor : this.redactors) {
			result = redactor.redact(result);
			Assert.state(result != null, () -> redactor + " returned null");
		}
		return result;
	}

	private static final class RedactorThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "agent-tracing-redactor-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
