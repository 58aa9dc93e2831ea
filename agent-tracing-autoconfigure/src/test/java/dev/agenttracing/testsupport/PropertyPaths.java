package dev.agenttracing.testsupport;

/**
 * Turns a property's dashed name into the bean path of its field, for the tests that
 * compare a properties class with its documented metadata.
 */
public final class PropertyPaths {

	private PropertyPaths() {
	}

	/**
	 * The bean path of a dashed property name: {@code max-body-size} becomes
	 * {@code maxBodySize}; dots stay.
	 * @param dashed the property name in dashed form
	 * @return the bean path
	 */
	public static String beanPath(String dashed) {
		StringBuilder path = new StringBuilder();
		boolean upper = false;
		for (char c : dashed.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				path.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return path.toString();
	}

}
