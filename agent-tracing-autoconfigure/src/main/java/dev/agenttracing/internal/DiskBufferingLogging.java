package dev.agenttracing.internal;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one adapter to a class of OpenTelemetry contrib's disk-buffering library that is in
 * its internal package: the storage that logs every failed write at WARNING. The spool
 * reports its failed writes once itself, so a full disk does not flood the log; this
 * quiets that logger, named only by its name. If the class moves, the library's WARNINGs
 * come back and nothing else changes ({@code DiskBufferingLoggingTests} fails).
 *
 * @author agent-tracing
 */
public final class DiskBufferingLogging {

	/** The logger of the library's failed writes: its internal file storage class. */
	public static final String WRITE_FAILURES_LOGGER = "io.opentelemetry.contrib.disk.buffering.internal.storage.FileSignalStorage";

	private DiskBufferingLogging() {
	}

	/**
	 * Quiet the library's failed-write logger to SEVERE, only if no level was configured
	 * for it. Hold the returned logger: the logging framework keeps loggers weakly.
	 * @return the logger
	 */
	public static Logger quietWriteFailures() {
		Logger logger = Logger.getLogger(WRITE_FAILURES_LOGGER);
		if (logger.getLevel() == null) {
			logger.setLevel(Level.SEVERE);
		}
		return logger;
	}

}
