package dev.agenttracing.redact;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@link ContentRedactor} of the application that never returns cannot hold the traced
 * call: the value is dropped when {@code redaction.timeout} is up, and the caller goes
 * on.
 *
 * @author agent-tracing
 */
class HangingContentRedactorTests {

	private final CountDownLatch release = new CountDownLatch(1);

	// Ignores interrupts: only the test's end lets it return.
	private final ContentRedactor hanging = (text) -> {
		boolean interrupted = false;
		while (this.release.getCount() > 0) {
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		return text;
	};

	@AfterEach
	void release() {
		this.release.countDown();
	}

	@Test
	void aHangingRedactorCostsTheCallerAtMostTheTimeoutAndTheValueIsDropped() {
		Redactor redactor = Redactor.builder().redactors(List.of(this.hanging)).timeout(Duration.ofMillis(50)).build();
		CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> String.valueOf(redactor.redact("hi")));
		// Before the caller was bounded, this call waited for the redactor, which never
		// returns.
		await().atMost(Duration.ofSeconds(20)).until(call::isDone);
		assertThat(call.join()).isEqualTo("null");
	}

	@Test
	void onceEveryRedactorThreadHangsValuesAreDroppedAtOnceNotQueued() {
		Redactor redactor = Redactor.builder().redactors(List.of(this.hanging)).timeout(Duration.ofMillis(20)).build();
		List<CompletableFuture<String>> calls = new ArrayList<>();
		for (int i = 0; i < ContentRedactorCalls.MAX_THREADS + 3; i++) {
			calls.add(CompletableFuture.supplyAsync(() -> String.valueOf(redactor.redact("hi"))));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> calls.stream().allMatch(CompletableFuture::isDone));
		assertThat(calls).allSatisfy((call) -> assertThat(call.join()).isEqualTo("null"));
	}

	@Test
	void aQuickRedactorStillRedactsAndAThrowingOneDropsTheValue() {
		Redactor quick = Redactor.builder()
			.redactors(List.of((text) -> text.replace("Bob", "[name]")))
			.timeout(Duration.ofSeconds(10))
			.build();
		assertThat(quick.redact("Hello Bob")).isEqualTo("Hello [name]");
		Redactor throwing = Redactor.builder().redactors(List.of((text) -> {
			throw new IllegalStateException("no");
		})).build();
		assertThat(throwing.redact("Hello Bob")).isNull();
	}

}
