package dev.agenttracing.redact;

import java.util.List;

/**
 * Sensitive values in the formats they show up in, and near-misses that must survive
 * redaction. Shared by the redaction, content and span tests.
 *
 * @author agent-tracing
 */
public final class PiiCorpus {

	/** Values every default redaction must remove. */
	public static final List<String> SENSITIVE = List.of("jane.doe@example.com", "J.Smith+agent@mail.example.co.uk",
			"+49 30 1234567", "+1 (415) 555-2671", "+14155552671", "(212) 555-0147", "212-555-0198", "030 12345678",
			"4111 1111 1111 1111", "4111-1111-1111-1111", "5500005555555559", "378282246310005", "6011000990139424",
			"123-45-6789", "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "FR1420041010050500013M02606",
			"192.168.10.42", "203.0.113.7", "2001:db8:85a3::8a2e:370:7334", "fe80::1ff:fe23:4567:890a",
			"2001:0db8:0000:0000:0000:ff00:0042:8329",
			"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
			"sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345",
			"AKIAIOSFODNN7EXAMPLE", "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
			"AIzaSyA-abcdefghijklmnopqrstuvwxyz01234", "xoxb-123456789012-abcdefghijkl", "sk_live_abcdefghijklmnop1234",
			"hf_abcdefghijklmnopqrstuvwxyz012345");

	/**
	 * Values that are sensitive only by their context: the credential and the key body in
	 * {@link #PROSE}.
	 */
	public static final List<String> CONTEXTUAL = List.of("mF_9.B5f-4.1JqM",
			"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7");

	/** Text with every sensitive value, in prose. */
	public static final String PROSE = """
			Hi, I'm Jane (jane.doe@example.com, cc J.Smith+agent@mail.example.co.uk). Call +49 30 1234567,
			+1 (415) 555-2671, +14155552671, (212) 555-0147, 212-555-0198 or 030 12345678.
			Cards: 4111 1111 1111 1111, 4111-1111-1111-1111, 5500005555555559, 378282246310005 and 6011000990139424.
			SSN 123-45-6789. IBANs DE89 3704 0044 0532 0130 00, GB82WEST12345698765432, FR1420041010050500013M02606.
			Hosts 192.168.10.42 and 203.0.113.7, v6 2001:db8:85a3::8a2e:370:7334, fe80::1ff:fe23:4567:890a,
			2001:0db8:0000:0000:0000:ff00:0042:8329.
			Token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c
			keys sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345
			AKIAIOSFODNN7EXAMPLE ghp_abcdefghijklmnopqrstuvwxyz0123456789 AIzaSyA-abcdefghijklmnopqrstuvwxyz01234
			xoxb-123456789012-abcdefghijkl sk_live_abcdefghijklmnop1234 hf_abcdefghijklmnopqrstuvwxyz012345
			Authorization: Bearer mF_9.B5f-4.1JqM
			-----BEGIN PRIVATE KEY-----
			MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7
			-----END PRIVATE KEY-----
			""";

	/** Values that look a little like sensitive ones and must survive. */
	public static final List<String> NEAR_MISSES = List.of("ORD-2024-000123", "order 4111111111111112",
			"invoice 12345678901234", "2024-01-15", "15/01/2024", "12:30:45", "v2.14.1", "3.1.5", "1.0.0-RC1",
			"Spring Boot 4.1.1", "max_tokens", "tokens: 512", "basic authentication", "0800 1200", "ticket #555123",
			"String::valueOf", "00:1A:2B:3C:4D:5E", "HTTP 404", "20240115123045");

	private PiiCorpus() {
	}

}
