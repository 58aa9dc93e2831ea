package dev.agenttracing.content;

import dev.agenttracing.redact.RedactionException;

/**
 * What of a fault met while recording content may be logged: the exception types and the
 * stack trace, never a message, which may carry the content itself.
 *
 * @author agent-tracing
 */
final class ContentFaults {

	private ContentFaults() {
	}

	/**
	 * A stand-in for the exception that names its type and its causes' types, with its
	 * stack trace and without any message.
	 * @param ex the exception
	 * @return the stand-in to log
	 */
	static Throwable withoutMessages(Throwable ex) {
		StringBuilder types = new StringBuilder(ex.getClass().getName());
		for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			types.append(" caused by ").append(cause.getClass().getName());
		}
		RedactionException safe = new RedactionException(types.toString(), null);
		safe.setStackTrace(ex.getStackTrace());
		return safe;
	}

}
