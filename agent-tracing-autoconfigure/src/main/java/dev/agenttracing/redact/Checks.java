package dev.agenttracing.redact;

/**
 * Checks on detector candidates that a regular expression should not do.
 *
 * @author agent-tracing
 */
final class Checks {

	private Checks() {
	}

	static String digits(String value) {
		StringBuilder digits = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c >= '0' && c <= '9') {
				digits.append(c);
			}
		}
		return digits.toString();
	}

	static boolean isPaymentCard(String value) {
		String digits = digits(value);
		return hasCardBrand(digits) && luhn(digits);
	}

	// Brand prefixes and lengths (IIN ranges): a 14-digit timestamp starting with 20 is
	// no card.
	private static boolean hasCardBrand(String d) {
		int length = d.length();
		int two = Integer.parseInt(d.substring(0, 2));
		int four = Integer.parseInt(d.substring(0, 4));
		if (d.charAt(0) == '4') {
			return length == 13 || length == 16 || length == 19; // Visa
		}
		if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
			return length == 16; // Mastercard
		}
		if (two == 34 || two == 37) {
			return length == 15; // American Express
		}
		if (two == 36 || two == 38 || (four >= 3000 && four <= 3059)) {
			return length >= 14 && length <= 19; // Diners Club
		}
		if (four >= 3528 && four <= 3589) {
			return length >= 16 && length <= 19; // JCB
		}
		if (four == 6011 || two == 65 || (four >= 6440 && four <= 6499) || two == 62) {
			return length >= 16 && length <= 19; // Discover, UnionPay
		}
		if (two == 50 || (two >= 56 && two <= 69)) {
			return length >= 12 && length <= 19; // Maestro
		}
		return false;
	}

	static boolean luhn(String digits) {
		int sum = 0;
		boolean doubled = false;
		for (int i = digits.length() - 1; i >= 0; i--) {
			int n = digits.charAt(i) - '0';
			if (doubled) {
				n *= 2;
				if (n > 9) {
					n -= 9;
				}
			}
			sum += n;
			doubled = !doubled;
		}
		return sum % 10 == 0;
	}

	static boolean isIban(String value) {
		StringBuilder iban = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c != ' ') {
				iban.append(Character.toUpperCase(c));
			}
		}
		if (iban.length() < 15 || iban.length() > 34) {
			return false;
		}
		String rearranged = iban.substring(4) + iban.substring(0, 4);
		int remainder = 0;
		for (int i = 0; i < rearranged.length(); i++) {
			char c = rearranged.charAt(i);
			int n = (c >= '0' && c <= '9') ? c - '0' : c - 'A' + 10;
			remainder = (n > 9) ? (remainder * 100 + n) % 97 : (remainder * 10 + n) % 97;
		}
		return remainder == 1;
	}

	static boolean isPhoneNumber(String value) {
		int digits = digits(value).length();
		if (value.startsWith("+")) {
			return digits >= 8 && digits <= 15;
		}
		return digits >= 9 && digits <= 12;
	}

	static boolean isIpv6(String value) {
		int groups = 0;
		boolean inGroup = false;
		for (int i = 0; i < value.length(); i++) {
			boolean hex = value.charAt(i) != ':';
			if (hex && !inGroup) {
				groups++;
			}
			inGroup = hex;
		}
		return value.contains("::") ? groups >= 2 && groups <= 7 : groups == 8;
	}

}
