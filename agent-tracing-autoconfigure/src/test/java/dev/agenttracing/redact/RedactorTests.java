package dev.agenttracing.redact;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Redactor}.
 *
 * @author agent-tracing
 */
class RedactorTests {

	private final Redactor redactor = Redactor.builder().build();

	@ParameterizedTest
	@FieldSource("dev.agenttracing.redact.PiiCorpus#SENSITIVE")
	void removesEachSensitiveValueOnItsOwnAndInASentence(String value) {
		assertThat(this.redactor.redact(value)).doesNotContain(value).contains("[REDACTED:");
		assertThat(this.redactor.redact("value: " + value + ", thanks.")).doesNotContain(value);
	}

	@Test
	void removesEverySensitiveValueFromProse() {
		String redacted = this.redactor.redact(PiiCorpus.PROSE);
		assertThat(redacted).isNotNull();
		for (String value : PiiCorpus.SENSITIVE) {
			assertThat(redacted).doesNotContain(value);
		}
		for (String value : PiiCorpus.CONTEXTUAL) {
			assertThat(redacted).doesNotContain(value);
		}
		assertThat(redacted).contains("Hi, I'm Jane ([REDACTED:email], cc [REDACTED:email])")
			.contains("Authorization: Bearer [REDACTED:bearer_token]")
			.contains("[REDACTED:private_key]")
			.doesNotContain("BEGIN PRIVATE KEY");
	}

	@ParameterizedTest
	@FieldSource("dev.agenttracing.redact.PiiCorpus#NEAR_MISSES")
	void keepsNearMisses(String value) {
		assertThat(this.redactor.redact("see " + value + " here")).isEqualTo("see " + value + " here");
	}

	@Test
	void labelsWhatItReplaced() {
		assertThat(this.redactor.redact("jane@example.com 123-45-6789 4111111111111111 10.0.0.1"))
			.isEqualTo("[REDACTED:email] [REDACTED:us_ssn] [REDACTED:payment_card] [REDACTED:ip_address]");
	}

	@Test
	void cardNumbersNeedAValidLuhnDigit() {
		assertThat(this.redactor.redact("4111111111111111")).isEqualTo("[REDACTED:payment_card]");
		assertThat(this.redactor.redact("4111111111111112")).isEqualTo("4111111111111112");
	}

	@Test
	void ibansNeedValidCheckDigits() {
		assertThat(this.redactor.redact("DE89370400440532013000")).isEqualTo("[REDACTED:iban]");
		assertThat(this.redactor.redact("DE88370400440532013000")).isEqualTo("DE88370400440532013000");
	}

	@Test
	void replacesValuesOfSensitiveKeysInText() {
		assertThat(this.redactor.redact("login with password=hunter2 and api_key: 'abc123'"))
			.isEqualTo("login with password=[REDACTED:password] and api_key: '[REDACTED:apikey]'");
		assertThat(this.redactor.redact("{\"clientSecret\":\"s3cr3t\",\"max_tokens\":100}"))
			.isEqualTo("{\"clientSecret\":\"[REDACTED:secret]\",\"max_tokens\":100}");
		assertThat(this.redactor.redact("{\\\"password\\\":\\\"hunter2\\\"}")).doesNotContain("hunter2");
	}

	@Test
	void sensitiveKeysMatchCaseInsensitivelyByEnding() {
		Redactor.Session session = this.redactor.session();
		assertThat(session.isSensitiveKey("Password")).isTrue();
		assertThat(session.isSensitiveKey("accessToken")).isTrue();
		assertThat(session.isSensitiveKey("client_secret")).isTrue();
		assertThat(session.isSensitiveKey("X-API-Key")).isTrue();
		assertThat(session.isSensitiveKey("AUTHORIZATION")).isTrue();
		assertThat(session.isSensitiveKey("max_tokens")).isFalse();
		assertThat(session.isSensitiveKey("city")).isFalse();
		assertThat(session.sensitiveValue("userPassword", "x")).isEqualTo("[REDACTED:password]");
	}

	@Test
	void detectorsCanBeSwitchedOff() {
		Redactor redactor = Redactor.builder().detectors(EnumSet.complementOf(EnumSet.of(Detector.EMAIL))).build();
		assertThat(redactor.redact("jane@example.com 10.0.0.1")).isEqualTo("jane@example.com [REDACTED:ip_address]");
	}

	@Test
	void customRulesRunWithGroupReferencesOrTheModesMarker() {
		Redactor redactor = Redactor.builder()
			.rule(Pattern.compile("EMP-(\\d{3})\\d{3}"), "EMP-$1***", null)
			.rule(Pattern.compile("PATIENT-\\d+"), null, "patient_id")
			.build();
		assertThat(redactor.redact("EMP-123456 and PATIENT-77")).isEqualTo("EMP-123*** and [REDACTED:patient_id]");
	}

	@Test
	void hashModeCorrelatesEqualValuesUnderTheKey() {
		Redactor redactor = Redactor.builder().mode(RedactionMode.HASH).hashKey("a-key-from-configuration").build();
		String first = redactor.redact("from jane@example.com");
		String again = redactor.redact("to jane@example.com");
		String other = redactor.redact("to john@example.com");
		assertThat(first).matches("from \\[REDACTED:email:[0-9a-f]{16}]").doesNotContain("jane");
		assertThat(first.substring(5)).isEqualTo(again.substring(3));
		assertThat(other.substring(3)).isNotEqualTo(again.substring(3));
		String otherKey = Redactor.builder()
			.mode(RedactionMode.HASH)
			.hashKey("another-key-from-configuration")
			.build()
			.redact("to jane@example.com");
		assertThat(otherKey).isNotEqualTo(again);
	}

	@Test
	void hashModeNeedsAKey() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> Redactor.builder().mode(RedactionMode.HASH).build());
	}

	@Test
	void userRedactorsRunAfterTheBuiltIns() {
		Redactor redactor = Redactor.builder()
			.redactors(List.of((text) -> text.replace("[REDACTED:email]", "<mail>").replace("Jane", "<name>")))
			// User redactors run on a thread of their own: a generous deadline keeps a
			// loaded
			// machine's thread hand-off from failing a test about order.
			.timeout(Duration.ofSeconds(10))
			.build();
		assertThat(redactor.redact("Jane jane@example.com")).isEqualTo("<name> <mail>");
	}

	@Test
	void failsClosedWhenARedactorThrows() {
		Redactor redactor = Redactor.builder().redactors(List.of((text) -> {
			throw new IllegalStateException("boom");
		})).build();
		assertThat(redactor.redact("anything")).isNull();
		assertThatExceptionOfType(RedactionException.class).isThrownBy(() -> redactor.session().text("anything"));
	}

	@Test
	void failsClosedWhenACustomRuleTakesTooLong() {
		// A catastrophically backtracking rule: the deadline stops it inside the regex
		// engine.
		Redactor redactor = Redactor.builder()
			.rule(Pattern.compile("(.*a){12}b"), "x", null)
			.timeout(Duration.ofMillis(50))
			.build();
		assertThat(redactor.redact("a".repeat(40))).isNull();
	}

	@Test
	void longAdversarialInputIsLeftAloneAndWhatFollowsItIsStillRedacted() {
		// Long runs of characters the detectors start on, none of them a value: nothing
		// may be
		// replaced, and a value after them is still found. How the time grows with the
		// input is
		// measured by RedactionBenchmarks in agent-tracing-benchmarks, not here; the
		// timeout is
		// only there so that no machine, however loaded, fails closed.
		String input = "1".repeat(50_000) + " " + "a.".repeat(50_000) + "eyJ".repeat(20_000) + "+1 ".repeat(20_000)
				+ "::".repeat(20_000) + "-----BEGIN".repeat(5_000);
		Redactor redactor = Redactor.builder().timeout(Duration.ofDays(1)).build();
		assertThat(redactor.redact(input)).isEqualTo(input);
		assertThat(redactor.redact(input + " reach jane.doe@example.com")).isEqualTo(input + " reach [REDACTED:email]");
	}

}
