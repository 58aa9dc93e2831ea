package dev.agenttracing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The library version, filtered into {@code version.properties} by the build.
 *
 * @author agent-tracing
 */
final class Version {

	private static final String VALUE = load();

	private Version() {
	}

	static String get() {
		return VALUE;
	}

	private static String load() {
		try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
			if (in != null) {
				Properties properties = new Properties();
				properties.load(in);
				return properties.getProperty("version", "unknown");
			}
		}
		catch (IOException ex) {
			// fall through
		}
		return "unknown";
	}

}
