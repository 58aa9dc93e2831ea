package dev.agenttracing.springai;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs a fault inside the Spring AI integration once per place it happens, never
 * rethrows: tracing must not change what Spring AI does.
 *
 * @author agent-tracing
 */
final class TracingFaultLog {

	private static final Log logger = LogFactory.getLog(TracingFaultLog.class);

	private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

	private TracingFaultLog() {
	}

	static void report(String what, Throwable ex) {
		if (REPORTED.add(what)) {
			logger.warn("agent-tracing failed " + what + "; Spring AI goes on untouched (logged once)", ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("agent-tracing failed " + what, ex);
		}
	}

}
