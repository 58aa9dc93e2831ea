package dev.agenttracing.redact;

/**
 * The built-in detectors of sensitive values. Each is on by default and can be switched
 * off with {@code agent.tracing.content.redaction.detectors.<name>=false}. Every detector
 * makes one linear pass over the text.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public enum Detector {

	/**
	 * PEM private keys ({@code -----BEGIN ... PRIVATE KEY-----}), through the END line.
	 */
	PRIVATE_KEY("private_key"),

	/** JSON Web Tokens ({@code eyJ...}.{@code eyJ...}.signature). */
	JWT("jwt"),

	/**
	 * API keys of common providers: OpenAI and Anthropic ({@code sk-...}), AWS access key
	 * ids, GitHub, GitLab, Google, Slack, Stripe, Hugging Face and Groq tokens.
	 */
	API_KEY("api_key"),

	/** Credentials after {@code Bearer} or {@code Basic}; the scheme word stays. */
	BEARER_TOKEN("bearer_token"),

	/** E-mail addresses. */
	EMAIL("email"),

	/** IBANs, checked with their mod-97 check digits. */
	IBAN("iban"),

	/**
	 * Payment card numbers of 13 to 19 digits (spaces or dashes allowed) with a known
	 * brand prefix and a valid Luhn check digit, so order numbers survive.
	 */
	PAYMENT_CARD("payment_card"),

	/** US social security numbers written {@code 123-45-6789} or {@code 123 45 6789}. */
	US_SSN("us_ssn"),

	/**
	 * Phone numbers: international ({@code +49 30 1234567}), North American
	 * ({@code (555) 123-4567}, {@code 555-123-4567}) and national with a leading zero and
	 * a separator ({@code 030 1234567}).
	 */
	PHONE_NUMBER("phone"),

	/** IPv4 and IPv6 addresses. */
	IP_ADDRESS("ip_address");

	private final String label;

	Detector(String label) {
		this.label = label;
	}

	/**
	 * The label used in replacement markers, e.g. {@code email} in
	 * {@code [REDACTED:email]}.
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

}
