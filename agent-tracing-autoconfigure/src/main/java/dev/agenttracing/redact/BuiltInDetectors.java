package dev.agenttracing.redact;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules behind each {@link Detector}. Every pattern is written to stay linear in the
 * input: a look-behind lets a match start only at the beginning of a token, quantifiers
 * are bounded or possessive, and checks that a regular expression would do by
 * backtracking (digit counts, Luhn, mod-97) are done in code on the candidate.
 * <p>
 * Each pattern comes with its {@link Windows}: the alphabet of every character its
 * matches can hold, the anchor that every match holds (an {@code @}, a digit, the
 * {@code _} or {@code -} or {@code A} that every API key prefix has) and a cheap test of
 * what a window must hold for a match (13 digits for a card number, a known prefix for an
 * API key). All three must be kept in step with the pattern: a character the pattern can
 * match that is missing from the alphabet, an anchor that a match can lack, or a test
 * stricter than the pattern would let values through. {@code WindowsTests} checks every
 * detector against a whole-text scan.
 *
 * @author agent-tracing
 */
final class BuiltInDetectors {

	private static final String HEX4 = "[0-9A-Fa-f]{1,4}";

	private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

	// Every literal an API key can start with, one for each alternative of its pattern.
	private static final String[] API_KEY_PREFIXES = { "sk-", "AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_",
			"github_pat_", "glpat-", "AIza", "xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "sk_live_",
			"sk_test_", "rk_live_", "rk_test_", "hf_", "gsk_" };

	private static final Windows.Test COMPRESSED_IPV6 = Windows.containsAny(false, "::");

	private BuiltInDetectors() {
	}

	static List<TextRule> rules(Detector detector) {
		String label = detector.label();
		return switch (detector) {
			case PRIVATE_KEY -> List.of(new PrivateKeyRule());
			case JWT -> List.of(PatternRule.of(label,
					"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}+\\.eyJ[A-Za-z0-9_-]{4,}+\\.[A-Za-z0-9_-]*+",
					Windows.around("A-Za-z0-9_.-", "eyJ", Windows.Test.ANY)));
			case API_KEY -> List.of(PatternRule.of(label,
					"(?<![A-Za-z0-9_-])(?:" + "sk-(?:proj-|ant-[a-z]{3,5}\\d\\d-)?[A-Za-z0-9_-]{20,}+" // OpenAI,
																										// Anthropic
							+ "|(?:AKIA|ASIA)[A-Z0-9]{16}" // AWS access key id
							+ "|gh[pousr]_[A-Za-z0-9]{36,255}+|github_pat_[A-Za-z0-9_]{22,255}+" // GitHub
							+ "|glpat-[A-Za-z0-9_-]{20,}+" // GitLab
							+ "|AIza[0-9A-Za-z_-]{35}" // Google
							+ "|xox[abposr]-[A-Za-z0-9-]{10,}+" // Slack
							+ "|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}+" // Stripe
							+ "|hf_[A-Za-z0-9]{30,}+" // Hugging Face
							+ "|gsk_[A-Za-z0-9]{40,}+" // Groq
							+ ")(?![A-Za-z0-9_-])",
					Windows.aroundAny("A-Za-z0-9_-", "A_-", Windows.containsAny(false, API_KEY_PREFIXES))));
			case BEARER_TOKEN -> List.of(new PatternRule(label,
					Pattern.compile("(?i)(?<![A-Za-z0-9_-])(?:bearer|basic)[ \\t]++([A-Za-z0-9._~+/=-]{8,}+)"), 1,
					BuiltInDetectors::looksLikeCredential,
					Windows.aroundAny("A-Za-z0-9._~+/= \t-", "bB", Windows.containsAny(true, "bearer", "basic"))));
			case EMAIL -> List.of(PatternRule.of(label,
					"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}+(?:\\.[A-Za-z0-9-]{1,63}+){0,8}"
							+ "\\.[A-Za-z]{2,24}(?![A-Za-z0-9-])",
					Windows.around("A-Za-z0-9._%+@-", "@", Windows.Test.ANY)));
			case IBAN -> List.of(PatternRule.of(label,
					"(?<![A-Za-z0-9])[A-Za-z]{2}\\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])",
					Checks::isIban, Windows.aroundAny("A-Za-z0-9 ", "0-9", BuiltInDetectors::hasIbanStart)));
			case PAYMENT_CARD -> List.of(PatternRule.of(label, "(?<![\\w.+-])(?:\\d{13,19}+" // contiguous
					+ "|\\d{4}([ -])\\d{4}\\1\\d{4}\\1\\d{1,4}+(?:\\1\\d{3})?" // 4-4-4-4(-3)
					+ "|\\d{4}([ -])\\d{6}\\2\\d{4,5}+" // American Express, Diners Club
					+ ")(?!\\d)", Checks::isPaymentCard,
					Windows.aroundAny("0-9 -", "0-9", (text, start, end) -> Windows.digits(text, start, end) >= 13)));
			case US_SSN -> List.of(PatternRule.of(label,
					"(?<![\\w-])(?!000|666|9\\d\\d)\\d{3}([- ])(?!00)\\d{2}\\1(?!0000)\\d{4}(?![\\w-])",
					Windows.aroundAny("0-9 -", "0-9", (text, start, end) -> Windows.digits(text, start, end) >= 9)));
			case PHONE_NUMBER -> List.of(PatternRule.of(label,
					"(?<![\\w+.-])(?:" + "\\+\\d{1,3}+(?:[ .-]?\\(?\\d{1,4}+\\)?){2,5}" // international
							+ "|\\(\\d{3}\\)[ .-]?\\d{3}[ .-]\\d{4}" // (555) 123-4567
							+ "|\\d{3}([ .-])\\d{3}\\1\\d{4}" // 555-123-4567
							+ "|0\\d{2,4}+[ /-]\\d{3,8}+(?:[ -]\\d{2,4}+)?" // 030 1234567
							+ ")(?![\\w-]|\\.\\d)",
					Checks::isPhoneNumber,
					// Checks.isPhoneNumber wants at least 8 digits.
					Windows.aroundAny("0-9 +.()/-", "0-9",
							(text, start, end) -> Windows.digits(text, start, end) >= 8)));
			case IP_ADDRESS -> List.of(
					PatternRule.of(label, "(?<![\\w.])(?:" + OCTET + "\\.){3}" + OCTET + "(?!\\w|\\.\\d)",
							Windows.aroundAny("0-9.", "0-9",
									(text, start, end) -> Windows.count(text, start, end, '.') >= 3
											&& Windows.digits(text, start, end) >= 4)),
					PatternRule
						.of(label,
								"(?<![\\w:.])(?:(?:" + HEX4 + ":){7}" + HEX4 + "|(?:" + HEX4 + "(?::" + HEX4
										+ "){0,6})?::(?:" + HEX4 + "(?::" + HEX4 + "){0,6})?)(?![\\w:])",
								Checks::isIpv6,
								Windows.around("0-9A-Fa-f:", ":",
										(text, start, end) -> Windows.count(text, start, end, ':') >= 7
												|| COMPRESSED_IPV6.mayMatch(text, start, end))));
		};
	}

	// An IBAN starts with two letters and two digits.
	private static boolean hasIbanStart(String text, int start, int end) {
		for (int i = start; i <= end - 4; i++) {
			if (Windows.isLetter(text.charAt(i)) && Windows.isLetter(text.charAt(i + 1))
					&& Windows.isDigit(text.charAt(i + 2)) && Windows.isDigit(text.charAt(i + 3))) {
				return true;
			}
		}
		return false;
	}

	private static boolean looksLikeCredential(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!Character.isLetter(c)) {
				return true;
			}
		}
		return false;
	}

}
