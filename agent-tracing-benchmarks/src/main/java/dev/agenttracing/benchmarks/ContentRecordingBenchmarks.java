package dev.agenttracing.benchmarks;

import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What content recording with redaction costs (case 7): a traced {@code @Tool} whose one
 * argument is a document of 1 KiB or 16 KiB, with
 * {@code agent.tracing.content.enabled=true} and the default redaction (every built-in
 * detector on). The document is ordinary prose with an e-mail address and a phone number
 * in every 256 characters, so the work grows with its size, and the recorded attribute is
 * checked to hold the redaction markers, not the values. The maximum content length is
 * raised to 32 KiB so that the 16 KiB argument is redacted in full, not truncated. Linear
 * cost means the per-KiB cost is the same at both sizes.
 *
 * @author agent-tracing
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ContentRecordingBenchmarks {

	// Also the prose of RedactionBenchmarks, so that cases 7 and 7r redact the same text.
	static final String PARAGRAPH = "Dear team, please book the Lisbon trip for Ana Silva. She asked us "
			+ "to reach her at ana.silva@example.org or on +1 415 555 0132 before Friday; the hotel near the "
			+ "river is fine, and the budget stays as agreed in the last meeting notes for the quarter. ";

	/**
	 * Case 7: the traced tool with its argument redacted and recorded.
	 * @param app the application
	 * @return the tool's result
	 */
	@Benchmark
	public int toolContentRedacted(ContentApplication app) {
		return app.tool.summarize(app.document);
	}

	// Set by the template methods (beforeStart, verify, prepare) that JMH's @Setup
	// start() calls:
	// NullAway does not follow those calls, so only its initialization check is
	// suppressed.
	@SuppressWarnings("NullAway.Init")
	@State(Scope.Benchmark)
	public static class ContentApplication extends BenchmarkApplication {

		@Param({ "1024", "16384" })
		int argumentBytes;

		DocumentTool tool;

		String document;

		@Override
		protected void beforeStart() {
			StringBuilder document = new StringBuilder(this.argumentBytes + PARAGRAPH.length());
			while (document.length() < this.argumentBytes) {
				document.append(PARAGRAPH);
			}
			this.document = document.substring(0, this.argumentBytes);
		}

		@Override
		protected Class<?>[] sources() {
			return new Class<?>[] { TracingApplication.class, Documents.class };
		}

		@Override
		protected String[] properties() {
			return new String[] { "agent.tracing.content.enabled=true", "agent.tracing.content.max-length=32768" };
		}

		@Override
		protected void verify() {
			this.tool = bean(DocumentTool.class);
			expectExportedSpans(() -> this.tool.summarize(this.document), 1);
			SpanData span = bean(NoopSpanExporter.class).last();
			String arguments = (span != null)
					? span.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.arguments")) : null;
			if (arguments == null || arguments.contains("ana.silva@example.org") || arguments.contains("555 0132")
					|| arguments.length() < this.argumentBytes / 2) {
				throw new IllegalStateException("Arguments not recorded and redacted: "
						+ ((arguments != null) ? arguments.substring(0, Math.min(300, arguments.length())) : null));
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Documents {

		@Bean
		DocumentTool documentTool() {
			return new DocumentTool();
		}

	}

}
