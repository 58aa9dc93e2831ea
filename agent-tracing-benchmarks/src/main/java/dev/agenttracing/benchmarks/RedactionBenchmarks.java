package dev.agenttracing.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.agenttracing.redact.Redactor;

/**
 * How redaction's time grows with its input (case 7r): {@link Redactor#redact(String)}
 * alone, with every built-in detector, on texts of 1 KiB, 16 KiB and 360 001 characters.
 * Linear cost means the time per KiB is the same at every size.
 * <ul>
 * <li>{@code prose}: the document of case 7, an e-mail address and a phone number in
 * every 256 characters, so the replacements grow with the size too;</li>
 * <li>{@code adversarial}: long runs of the characters the detectors start on (digits,
 * {@code a.}, {@code eyJ}, {@code +1 }, {@code ::}, {@code -----BEGIN}) and no value at
 * all, in the proportions of the unit test this case replaces; at 360 001 characters it
 * is that test's input. A pattern that backtracks would grow faster than the input
 * here.</li>
 * </ul>
 * The timeout is raised to 30 s so that a slow iteration is measured rather than failed
 * closed; the setup checks that the output is what redaction must give.
 *
 * @author agent-tracing
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RedactionBenchmarks {

	// The runs of the adversarial input and how often each repeats in its 360 001
	// characters.
	private static final String[] RUNS = { "1", " ", "a.", "eyJ", "+1 ", "::", "-----BEGIN" };

	private static final int[] REPEATS = { 50_000, 1, 50_000, 20_000, 20_000, 20_000, 5_000 };

	private static final int ADVERSARIAL_LENGTH = 360_001;

	/**
	 * Case 7r: one text redacted.
	 * @param text the text and the redactor
	 * @return the redacted text, {@code null} if the redactor dropped it
	 */
	@Benchmark
	public @Nullable String redact(Text text) {
		return text.redactor.redact(text.text);
	}

	@State(Scope.Benchmark)
	public static class Text {

		@Param({ "prose", "adversarial" })
		String input;

		@Param({ "1024", "16384", "360001" })
		int length;

		Redactor redactor;

		String text;

		@Setup
		public void setUp() {
			this.redactor = Redactor.builder().timeout(Duration.ofSeconds(30)).build();
			this.text = "prose".equals(this.input) ? prose(this.length) : adversarial(this.length);
			String redacted = this.redactor.redact(this.text);
			boolean expected = "prose".equals(this.input)
					? redacted != null && redacted.contains("[REDACTED:email]")
							&& !redacted.contains("ana.silva@example.org") && !redacted.contains("555 0132")
					: this.text.equals(redacted);
			if (!expected) {
				throw new IllegalStateException("Redaction of the " + this.input + " text of " + this.length
						+ " characters gave " + ((redacted != null)
								? redacted.substring(0, Math.min(300, redacted.length())) : "null (failed closed)"));
			}
		}

		static String prose(int length) {
			StringBuilder text = new StringBuilder(length + ContentRecordingBenchmarks.PARAGRAPH.length());
			while (text.length() < length) {
				text.append(ContentRecordingBenchmarks.PARAGRAPH);
			}
			return text.substring(0, length);
		}

		static String adversarial(int length) {
			double scale = (double) length / ADVERSARIAL_LENGTH;
			StringBuilder text = new StringBuilder(length + 16);
			for (int i = 0; i < RUNS.length; i++) {
				text.append(RUNS[i].repeat((int) Math.max(1, Math.round(REPEATS[i] * scale))));
			}
			while (text.length() < length) {
				text.append(RUNS[0]);
			}
			text.setLength(length);
			return text.toString();
		}

	}

}
