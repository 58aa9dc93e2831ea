package dev.agenttracing.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --since}: an age before now ({@code 30m}, {@code 2h}, {@code 7d}, {@code 45s})
 * or a time: an instant, a local date-time or a date, in UTC.
 */
final class Since implements ITypeConverter<Instant> {

	private static final Pattern AGE = Pattern.compile("(\\d+)([smhd])");

	static Clock clock = Clock.systemUTC();

	@Override
	public Instant convert(String value) {
		Matcher age = AGE.matcher(value.trim().toLowerCase(Locale.ROOT));
		if (age.matches()) {
			long amount = Long.parseLong(age.group(1));
			Duration duration = switch (age.group(2)) {
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
			return clock.instant().minus(duration);
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			// not an instant: a local time or a day
		}
		try {
			return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			// not a local time: a day
		}
		try {
			return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw new TypeConversionException(
					"'" + value + "' is neither an age (30m, 2h, 7d) nor a time (2026-12-04, 2026-12-04T18:00:00Z)");
		}
	}

}
