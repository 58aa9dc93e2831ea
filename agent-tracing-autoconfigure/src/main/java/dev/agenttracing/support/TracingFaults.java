package dev.agenttracing.support;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Reports faults inside agent-tracing itself. Each kind of fault is logged at WARN the
 * first time and at DEBUG afterwards, so a broken exporter or attribute cannot flood the
 * log, and the traced call always goes on.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class TracingFaults {

	private static final Log logger = LogFactory.getLog(TracingFaults.class);

	// Bounded: beyond this many distinct kinds every fault is logged at DEBUG only.
	private static final int MAX_KINDS = 256;

	private static final Set<String> reported = ConcurrentHashMap.newKeySet();

	private TracingFaults() {
	}

	/**
	 * Log a warning about how agent-tracing is used, the first time only for each kind.
	 * @param kind what the warning is about, to log it once
	 * @param message the warning; never a value that could be sensitive
	 */
	public static void notice(String kind, String message) {
		try {
			if (firstOfItsKind("notice|" + kind)) {
				logger.warn(message + " (logged once)");
			}
			else if (logger.isDebugEnabled()) {
				logger.debug(message);
			}
		}
		catch (Throwable ignored) {
			// Reporting must never fail the traced call either.
		}
	}

	/**
	 * Report a fault.
	 * @param what what tracing was doing, e.g. "starting the span of agent run 'x'"
	 * @param fault the fault
	 */
	public static void report(String what, Throwable fault) {
		try {
			if (firstOfItsKind(what + '|' + fault.getClass().getName())) {
				logger.warn("agent-tracing failed while " + what + "; the traced call goes on untraced"
						+ " (further faults of this kind are logged at DEBUG)", fault);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("agent-tracing failed while " + what, fault);
			}
		}
		catch (Throwable ignored) {
			// Reporting must never fail the traced call either.
		}
	}

	// Bounded: beyond MAX_KINDS kinds, everything is "seen before" and logged at DEBUG.
	private static boolean firstOfItsKind(String kind) {
		return reported.size() < MAX_KINDS && reported.add(kind);
	}

}
