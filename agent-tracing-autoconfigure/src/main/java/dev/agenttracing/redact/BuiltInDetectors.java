package dev.agenttracing.redact;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules behind each {@link Detector}. Every pattern is written to stay linear in the input:
 * a look-behind lets a match start only at the beginning of a token, quantifiers are bounded or
 * possessive, and checks that a regular expression would do by backtracking (digit counts,
 * Luhn, mod-97) are done in code on the candidate.
 *
 * @author agent-tracing
 */
final class BuiltInDetectors {

	private static final String HEX4 = "[0-9A-Fa-f]{1,4}";

	private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

	private BuiltInDetectors() {
	}

	static List<TextRule> rules(Detector detector) {
		String label = detector.label();
		return switch (detector) {
			case PRIVATE_KEY -> List.of(new PrivateKeyRule());
			case JWT -> List.of(PatternRule.of(label,
					"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}+\\.eyJ[A-Za-z0-9_-]{4,}+\\.[A-Za-z0-9_-]*+"));
			case API_KEY -> List.of(PatternRule.of(label, "(?<![A-Za-z0-9_-])(?:"
					+ "sk-(?:proj-|ant-[a-z]{3,5}\\d\\d-)?[A-Za-z0-9_-]{20,}+" // OpenAI, Anthropic
					+ "|(?:AKIA|ASIA)[A-Z0-9]{16}" // AWS access key id
					+ "|gh[pousr]_[A-Za-z0-9]{36,255}+|github_pat_[A-Za-z0-9_]{22,255}+" // GitHub
					+ "|glpat-[A-Za-z0-9_-]{20,}+" // GitLab
					+ "|AIza[0-9A-Za-z_-]{35}" // Google
					+ "|xox[abposr]-[A-Za-z0-9-]{10,}+" // Slack
					+ "|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}+" // Stripe
					+ "|hf_[A-Za-z0-9]{30,}+" // Hugging Face
					+ "|gsk_[A-Za-z0-9]{40,}+" // Groq
					+ ")(?![A-Za-z0-9_-])"));
			case BEARER_TOKEN -> List.of(new PatternRule(label,
					Pattern.compile("(?i)(?<![A-Za-z0-9_-])(?:bearer|basic)[ \\t]++([A-Za-z0-9._~+/=-]{8,}+)"), 1,
					BuiltInDetectors::looksLikeCredential));
			case EMAIL -> List.of(PatternRule.of(label,
					"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}+(?:\\.[A-Za-z0-9-]{1,63}+){0,8}"
							+ "\\.[A-Za-z]{2,24}(?![A-Za-z0-9-])"));
			case IBAN -> List.of(PatternRule.of(label,
					"(?<![A-Za-z0-9])[A-Za-z]{2}\\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])",
					Checks::isIban));
			case PAYMENT_CARD -> List.of(PatternRule.of(label, "(?<![\\w.+-])(?:\\d{13,19}+" // contiguous
					+ "|\\d{4}([ -])\\d{4}\\1\\d{4}\\1\\d{1,4}+(?:\\1\\d{3})?" // 4-4-4-4(-3)
					+ "|\\d{4}([ -])\\d{6}\\2\\d{4,5}+" // American Express, Diners Club
					+ ")(?!\\d)", Checks::isPaymentCard));
			case US_SSN -> List.of(PatternRule.of(label,
					"(?<![\\w-])(?!000|666|9\\d\\d)\\d{3}([- ])(?!00)\\d{2}\\1(?!0000)\\d{4}(?![\\w-])"));
			case PHONE_NUMBER -> List.of(PatternRule.of(label, "(?<![\\w+.-])(?:"
					+ "\\+\\d{1,3}+(?:[ .-]?\\(?\\d{1,4}+\\)?){2,5}" // international
					+ "|\\(\\d{3}\\)[ .-]?\\d{3}[ .-]\\d{4}" // (555) 123-4567
					+ "|\\d{3}([ .-])\\d{3}\\1\\d{4}" // 555-123-4567
					+ "|0\\d{2,4}+[ /-]\\d{3,8}+(?:[ -]\\d{2,4}+)?" // 030 1234567
					+ ")(?![\\w-]|\\.\\d)", Checks::isPhoneNumber));
			case IP_ADDRESS -> List.of(
					PatternRule.of(label, "(?<![\\w.])(?:" + OCTET + "\\.){3}" + OCTET + "(?!\\w|\\.\\d)"),
					PatternRule.of(label,
							"(?<![\\w:.])(?:(?:" + HEX4 + ":){7}" + HEX4 + "|(?:" + HEX4 + "(?::" + HEX4 + "){0,6})?::(?:"
									+ HEX4 + "(?::" + HEX4 + "){0,6})?)(?![\\w:])",
							Checks::isIpv6));
		};
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
