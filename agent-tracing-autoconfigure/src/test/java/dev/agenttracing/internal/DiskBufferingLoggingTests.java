package dev.agenttracing.internal;

import java.util.logging.Level;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spool's adapter names one class of the disk-buffering library's internal package
 * (the logger of its failed writes): fails when the library moves it.
 */
class DiskBufferingLoggingTests {

	@Test
	void theLoggerItQuietsIsTheLibrarysFileStorage() throws ClassNotFoundException {
		Class<?> storage = Class.forName(DiskBufferingLogging.WRITE_FAILURES_LOGGER);
		assertThat(storage.getName()).isEqualTo(DiskBufferingLogging.WRITE_FAILURES_LOGGER);
		assertThat(DiskBufferingLogging.quietWriteFailures().getLevel()).isEqualTo(Level.SEVERE);
	}

}
