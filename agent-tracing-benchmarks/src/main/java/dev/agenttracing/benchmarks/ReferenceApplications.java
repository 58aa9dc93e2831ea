package dev.agenttracing.benchmarks;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import dev.agenttracing.semconv.GenAiAttributes;

/**
 * The applications of the tool-call cases that agent-tracing is measured against
 * ({@link ToolCallBenchmarks}, cases 4, 4b, 5 and 5b): the same span written by hand with
 * the OpenTelemetry API, and Micrometer's {@code @Observed}.
 *
 * @author agent-tracing
 */
public final class ReferenceApplications {

	private ReferenceApplications() {
	}

	/**
	 * The span written by hand around a direct call, in an application without
	 * agent-tracing.
	 */
	// Set by the template methods (beforeStart, verify, prepare) that JMH's @Setup
	// start() calls:
	// NullAway does not follow those calls, so only its initialization check is
	// suppressed.
	@SuppressWarnings("NullAway.Init")
	@State(Scope.Benchmark)
	public static class HandWritten extends ToolApplications.ToolApplication {

		public HandWritten() {
			this(TRACING_OFF, false);
		}

		HandWritten(String[] properties, boolean proxied) {
			super(properties, proxied, 1);
		}

		private Tracer tracer;

		private WeatherTool callee;

		@Override
		void prepare() {
			this.tracer = bean(OpenTelemetry.class).tracerBuilder("dev.agenttracing.benchmarks")
				.setSchemaUrl(GenAiAttributes.SCHEMA_URL)
				.build();
			this.callee = proxied() ? target() : this.tool;
		}

		@Override
		String call() {
			Span span = this.tracer.spanBuilder("execute_tool " + WeatherTool.NAME)
				.setParent(Context.current())
				.setSpanKind(SpanKind.INTERNAL)
				.setAttribute(GenAiAttributes.OPERATION_NAME, GenAiAttributes.OPERATION_EXECUTE_TOOL)
				.setAttribute(GenAiAttributes.TOOL_NAME, WeatherTool.NAME)
				.setAttribute(GenAiAttributes.TOOL_TYPE, GenAiAttributes.TOOL_TYPE_FUNCTION)
				.setAttribute(GenAiAttributes.TOOL_DESCRIPTION, WeatherTool.DESCRIPTION)
				.setAttribute(GenAiAttributes.TOOL_CALL_ID, this.callId)
				.startSpan();
			try (io.opentelemetry.context.Scope scope = span.makeCurrent()) {
				return this.callee.currentWeather(this.city, this.callId);
			}
			catch (RuntimeException ex) {
				span.setStatus(StatusCode.ERROR);
				span.recordException(ex);
				throw ex;
			}
			finally {
				span.end();
			}
		}

	}

	/**
	 * The hand-written span in the application of case 3, around a direct call on the
	 * tool's target.
	 */
	@State(Scope.Benchmark)
	public static class HandWrittenStarterApp extends HandWritten {

		public HandWrittenStarterApp() {
			super(TRACING_ON, true);
		}

	}

	/**
	 * The hand-written span in a Spring AOP interceptor on the tool, in an application
	 * without agent-tracing.
	 */
	@State(Scope.Benchmark)
	public static class HandWrittenAdvice extends ToolApplications.ToolApplication {

		public HandWrittenAdvice() {
			super(TRACING_OFF, true, 1);
		}

		@Override
		protected Class<?>[] sources() {
			return new Class<?>[] { TracingApplication.class, HandWrittenSpanAdvice.class };
		}

	}

	@State(Scope.Benchmark)
	public static class Observed extends ToolApplications.ToolApplication {

		public Observed() {
			super(new String[] { "agent.tracing.enabled=false", "management.observations.annotations.enabled=true" },
					true, 1);
		}

	}

	@State(Scope.Benchmark)
	public static class ObservedWithMetrics extends Observed {

		@Override
		protected Class<?>[] sources() {
			return new Class<?>[] { TracingWithMetricsApplication.class };
		}

	}

}
