package dev.agenttracing.redact;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Turns a detected value into its marker: {@code [REDACTED:label]} in mask mode,
 * {@code [REDACTED:label:hash]} in hash mode, where the hash is the first 64 bits of an
 * HMAC-SHA256 of the value under the configured key.
 *
 * @author agent-tracing
 */
final class Replacement {

	private static final String ALGORITHM = "HmacSHA256";

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private final RedactionMode mode;

	private final @Nullable ThreadLocal<Mac> mac;

	Replacement(RedactionMode mode, byte @Nullable [] hashKey) {
		this.mode = mode;
		if (mode == RedactionMode.HASH) {
			if (hashKey == null || hashKey.length == 0) {
				throw new IllegalArgumentException("Hash mode needs a hash key");
			}
			SecretKeySpec key = new SecretKeySpec(hashKey, ALGORITHM);
			newMac(key);
			this.mac = ThreadLocal.withInitial(() -> newMac(key));
		}
		else {
			this.mac = null;
		}
	}

	private static Mac newMac(SecretKeySpec key) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	RedactionMode mode() {
		return this.mode;
	}

	String replace(String label, String value) {
		ThreadLocal<Mac> mac = this.mac;
		if (mac == null) {
			return "[REDACTED:" + label + "]";
		}
		return "[REDACTED:" + label + ":" + hash(mac.get(), value) + "]";
	}

	private static String hash(Mac mac, String value) {
		byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
		char[] hex = new char[16];
		for (int i = 0; i < 8; i++) {
			hex[i * 2] = HEX[(digest[i] >> 4) & 0xF];
			hex[i * 2 + 1] = HEX[digest[i] & 0xF];
		}
		return new String(hex);
	}

}
