package dev.agenttracing.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * How the commands print durations, tokens, cost and times (the console run log's units).
 */
final class Formats {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private Formats() {
	}

	static String duration(double millis) {
		if (millis < 100) {
			return String.format(Locale.ROOT, "%.1f ms", millis);
		}
		if (millis < 10_000) {
			return String.format(Locale.ROOT, "%.0f ms", millis);
		}
		return String.format(Locale.ROOT, "%.2f s", millis / 1000);
	}

	static String tokens(@Nullable Long input, @Nullable Long output) {
		if (input == null && output == null) {
			return "-";
		}
		return ((input != null) ? input : "?") + " / " + ((output != null) ? output : "?");
	}

	static String number(long value) {
		return String.valueOf(value);
	}

	static String cost(@Nullable Double cost, @Nullable String currency) {
		if (cost == null) {
			return "-";
		}
		return String.format(Locale.ROOT, "%.6f", cost) + ((currency != null) ? " " + currency : "");
	}

	static String time(Instant instant) {
		return TIME.format(instant);
	}

	static String orDash(@Nullable String value) {
		return (value != null && !value.isEmpty()) ? value : "-";
	}

}
