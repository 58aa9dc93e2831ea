package dev.agenttracing.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shortcuts of the detectors and the key rule ({@link Windows}, the separators of
 * {@link KeyRules}) skip only text that cannot hold a match: every rule must replace
 * exactly what its pattern finds when it scans the whole text.
 *
 * @author agent-tracing
 */
class WindowsTests {

	// Characters at the edges of the detectors' alphabets, and a few non-ASCII
	// look-alikes.
	private static final String EDGES = " \t\n.,;:=-_+@/()'\"\\%~#*[]{}<>!?&|0aZ\u00e9\u00a0\u0663\u212a\u017f";

	private static final Replacement MASK = new Replacement(RedactionMode.MASK, null);

	private static final KeyRules KEYS = new KeyRules(Redactor.DEFAULT_SENSITIVE_KEYS);

	private final Redactor redactor = Redactor.builder().build();

	static Stream<Arguments> rules() {
		List<Arguments> rules = new ArrayList<>();
		for (Detector detector : Detector.values()) {
			for (TextRule rule : BuiltInDetectors.rules(detector)) {
				rules.add(Arguments.of(detector.label(), rule));
			}
		}
		rules.add(Arguments.of("sensitive keys", KEYS));
		return rules.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rules")
	void eachRuleFindsInTheCorpusWhatAWholeTextScanFinds(String name, TextRule rule) {
		List<String> texts = new ArrayList<>();
		texts.add(PiiCorpus.PROSE);
		// Key matches as long as they get, before and after their separator.
		String blanks = " \t".repeat(4);
		texts.add("A".repeat(32) + "_access_key\\\"" + blanks + "=" + blanks + "\\'Bearer" + blanks + "v".repeat(600));
		texts.add("C".repeat(32) + "AUTHORIZATION\\\"" + blanks + "=" + blanks + "value");
		texts.add("x, credentials'" + blanks + ":" + blanks + "basic" + blanks + "w".repeat(600) + "; token=1");
		for (String value : values()) {
			for (int i = 0; i < EDGES.length(); i++) {
				for (int j = 0; j < EDGES.length(); j += 3) {
					texts.add("x" + EDGES.charAt(i) + value + EDGES.charAt(j) + "y");
				}
			}
			texts.add(value);
			texts.add("password: " + value);
			texts.add("Authorization: Bearer " + value);
		}
		for (String text : texts) {
			assertSameAsWholeText(rule, text);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rules")
	void eachRuleFindsInRandomTextWhatAWholeTextScanFinds(String name, TextRule rule) {
		Random random = new Random(name.hashCode());
		List<String> values = values();
		String[] words = { "password", "Password", "api_key", "apiKey", "X-API-KEY", "token", "max_tokens", "secret",
				"Bearer", "basic", "BEARER", "eyJ", "sk-", "ghp_", "AKIA", "::", "0800", "+1", "192.168.", "DE89",
				"\\\"", "[REDACTED:email]", "\u00e9t\u00e9" };
		for (int n = 0; n < 4000; n++) {
			StringBuilder text = new StringBuilder();
			int parts = 1 + random.nextInt(12);
			for (int p = 0; p < parts; p++) {
				switch (random.nextInt(5)) {
					case 0 -> text.append(values.get(random.nextInt(values.size())));
					case 1 -> {
						String value = values.get(random.nextInt(values.size()));
						int from = random.nextInt(value.length());
						text.append(value, from, from + random.nextInt(value.length() - from + 1));
					}
					case 2 -> text.append(words[random.nextInt(words.length)]);
					case 3 -> text.append(" ".repeat(random.nextInt(10)));
					default -> {
						for (int c = random.nextInt(6); c >= 0; c--) {
							text.append(random.nextBoolean() ? EDGES.charAt(random.nextInt(EDGES.length()))
									: (char) ('0' + random.nextInt(10)));
						}
					}
				}
			}
			assertSameAsWholeText(rule, text.toString());
		}
	}

	@ParameterizedTest
	@EnumSource(Detector.class)
	void eachRuleFindsTheSameWindowedAsOnTheWholeLongText(Detector detector) {
		String text = (PiiCorpus.PROSE + " password = hunter2, ").repeat(40);
		for (TextRule rule : BuiltInDetectors.rules(detector)) {
			assertSameAsWholeText(rule, text);
		}
		assertSameAsWholeText(KEYS, text);
	}

	// Values at the limits of what a shortcut lets through: each must still be replaced.

	@Test
	void phoneNumberWithTheFewestDigitsTheCheckAllowsIsFound() {
		assertThat(this.redactor.redact("call +1 234 5678 now")).isEqualTo("call [REDACTED:phone] now");
	}

	@Test
	void shortestCardNumberIsFound() {
		assertThat(this.redactor.redact("card 4222222222222.")).isEqualTo("card [REDACTED:payment_card].");
	}

	@Test
	void valuesRightAtTheEdgeOfTheirWindowAreFound() {
		assertThat(this.redactor.redact("(jane@example.com)")).isEqualTo("([REDACTED:email])");
		assertThat(this.redactor.redact("[123-45-6789]")).isEqualTo("[[REDACTED:us_ssn]]");
		assertThat(this.redactor.redact("<10.0.0.1>")).isEqualTo("<[REDACTED:ip_address]>");
		assertThat(this.redactor.redact("'fe80::1ff:fe23:4567:890a'")).isEqualTo("'[REDACTED:ip_address]'");
		assertThat(this.redactor.redact("iban=de89 3704 0044 0532 0130 00;")).isEqualTo("iban=[REDACTED:iban];");
	}

	@Test
	void schemesAreFoundInAnyCase() {
		assertThat(this.redactor.redact("BEARER abcdefgh123")).isEqualTo("BEARER [REDACTED:bearer_token]");
		assertThat(this.redactor.redact("bAsIc dXNlcjpwYXNzd29yZA==")).isEqualTo("bAsIc [REDACTED:bearer_token]");
	}

	@Test
	void sensitiveKeysAreFoundWithBlanksQuotesAndSeparatorsBeforeTheirSeparator() {
		assertThat(this.redactor.redact("password        = hunter2"))
			.isEqualTo("password        = [REDACTED:password]");
		assertThat(this.redactor.redact("{\\\"Password\\\" :\\\"hunter2\\\"}")).doesNotContain("hunter2");
		assertThat(this.redactor.redact("X-API-KEY:abc123")).isEqualTo("X-API-KEY:[REDACTED:apikey]");
		assertThat(this.redactor.redact("accessToken='t0k3n'")).isEqualTo("accessToken='[REDACTED:token]'");
		assertThat(this.redactor.redact("a long line " + "x".repeat(2000) + " then secret: s3cr3t"))
			.endsWith("secret: [REDACTED:secret]");
	}

	@Test
	void sensitiveKeysOfOneLetterWordsAreFound() {
		Redactor redactor = Redactor.builder().sensitiveKeys(List.of("API", "x")).build();
		assertThat(redactor.redact("api: 1 x=2 a_p_i = 3"))
			.isEqualTo("api: [REDACTED:api] x=[REDACTED:x] a_p_i = [REDACTED:api]");
	}

	private static List<String> values() {
		List<String> values = new ArrayList<>(PiiCorpus.SENSITIVE);
		values.addAll(PiiCorpus.CONTEXTUAL);
		values.addAll(PiiCorpus.NEAR_MISSES);
		values.add("-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----");
		values.add("0.0.0.0");
		return values;
	}

	private static void assertSameAsWholeText(TextRule rule, String text) {
		String windowed = rule.apply(text, MASK, new Deadline(Long.MAX_VALUE / 4));
		String whole = rule.scanningWholeText().apply(text, MASK, new Deadline(Long.MAX_VALUE / 4));
		assertThat(windowed).as("%s on %s", rule, text).isEqualTo(whole);
	}

}
