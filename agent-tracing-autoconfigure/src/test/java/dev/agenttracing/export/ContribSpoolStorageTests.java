package dev.agenttracing.export;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spool's adapter names one class of the disk-buffering library's internal package (the
 * logger of its failed writes): fails when the library moves it.
 */
class ContribSpoolStorageTests {

	@Test
	void theLoggerItQuietsIsTheLibrarysFileStorage() throws ClassNotFoundException {
		Class<?> storage = Class.forName(ContribSpoolStorage.WRITE_FAILURES_LOGGER);
		assertThat(storage.getName()).isEqualTo(ContribSpoolStorage.WRITE_FAILURES_LOGGER);
	}

}
