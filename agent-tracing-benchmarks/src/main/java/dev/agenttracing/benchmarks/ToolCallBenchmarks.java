package dev.agenttracing.benchmarks;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.ToolSpec;
import dev.agenttracing.semconv.GenAiAttributes;

/**
 * What one tool call costs, traced by agent-tracing and by the alternatives (cases 1 to
 * 5). Every case calls the same {@link WeatherTool#currentWeather} method in a real
 * Spring Boot context (see {@link BenchmarkApplication}); a traced call is a root span,
 * sampled, handed to Boot's {@code BatchSpanProcessor} and exported by a no-op exporter
 * on the processor's thread. The result is returned, so JMH consumes it.
 *
 * @author agent-tracing
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ToolCallBenchmarks {

	/**
	 * Case 1, the baseline: the tool called through a Spring proxy whose advice (a plain
	 * method interceptor on the {@code @Tool} methods, like agent-tracing's) only
	 * proceeds, with agent-tracing disabled. What any proxied bean costs, before tracing.
	 * @param app the application
	 * @return the tool's result
	 */
	@Benchmark
	public String proxyNoTracing(Baseline app) {
		return app.call();
	}

	/**
	 * Case 2: the {@code @Tool} method with {@code agent.tracing.enabled=false}. None of
	 * agent-tracing's beans exist, so no advisor matches and the bean is not proxied at
	 * all: this is a plain call, and it shows that disabled tracing leaves nothing in the
	 * path.
	 * @param app the application
	 * @return the tool's result
	 */
	@Benchmark
	public String toolTracingDisabled(TracingDisabled app) {
		return app.call();
	}

	/**
	 * Case 3: the {@code @Tool} method traced by agent-tracing. One
	 * {@code execute_tool get_weather} span with five {@code gen_ai.*} attributes (one of
	 * them the per-call {@code gen_ai.tool.call.id}), made current for the call, ended
	 * and queued for export.
	 * @param app the application
	 * @return the tool's result
	 */
	@Benchmark
	public String toolTraced(Traced app) {
		return app.call();
	}

	/**
	 * Case 3a: the same span through the programmatic API,
	 * {@code AgentTracer.tool(spec, work)} around a direct call on the tool's target, in
	 * the application of case 3: no proxy, no advice. Case 3 minus this is what the
	 * annotation (proxy and advice) costs.
	 * @param app the application
	 * @return the tool's result
	 */
	@Benchmark
	public String toolProgrammatic(Programmatic app) {
		return app.call();
	}

	/**
	 * Case 3b: as case 3, in an application with Boot's metrics, as an application with
	 * the starter has: beside the span, agent-tracing records the
	 * {@code gen_ai.client.operation.duration} histogram for the tool call.
	 * @param app the application
	 * @return the tool's result
	 */
	@Benchmark
	public String toolTracedWithMetrics(TracedWithMetrics app) {
		return app.call();
	}

	/**
	 * Case 4, the floor for any OpenTelemetry-based instrumentation: the same span, with
	 * the same name, kind and attributes, written by hand with the OpenTelemetry API on
	 * Boot's {@code OpenTelemetry} bean around a direct call (no proxy), in an
	 * application without agent-tracing. Every ratio in the table is to this case.
	 * @param app the application
	 * @return the tool's result
	 */
	@Benchmark
	public String handWrittenSpan(HandWritten app) {
		return app.call();
	}

	/**
	 * Case 4b: the hand-written span of case 4 in the application of case 3
	 * (agent-tracing on, its export pipeline in Boot's batch processor), around a direct
	 * call on the tool's target. This minus case 4 is what agent-tracing's export
	 * pipeline costs any span on the caller's thread.
	 * @param app the application
	 * @return the tool's result
	 */
	@Benchmark
	public String handWrittenSpanStarterApp(HandWrittenStarterApp app) {
		return app.call();
	}

	/**
	 * Case 5: the same method under Micrometer's {@code @Observed} aspect with Boot's
	 * OpenTelemetry tracing bridge, what a Spring user gets today without agent-tracing.
	 * Tracing only (no {@code MeterRegistry}), so the observation does the same work as
	 * case 3: one span with the same name and the static attributes, as string tags.
	 * @param app the application
	 * @return the tool's result
	 */
	@Benchmark
	public String observed(Observed app) {
		return app.call();
	}

	/**
	 * Case 5b: as case 5, in an application that also has Boot's metrics: the observation
	 * records a timer and a long task timer beside the span, which is what
	 * {@code @Observed} does by default in an application with a {@code MeterRegistry}.
	 * @param app the application
	 * @return the tool's result
	 */
	@Benchmark
	public String observedWithMetrics(ObservedWithMetrics app) {
		return app.call();
	}

	/**
	 * Holds the tool bean and the per-call arguments (fields, not constants, so that the
	 * JIT cannot fold the call), and checks what every case checks: whether the tool is a
	 * proxy, and how many spans one call exports.
	 */
	// Set by the template methods (beforeStart, verify, prepare) that JMH's @Setup
	// start() calls:
	// NullAway does not follow those calls, so only its initialization check is
	// suppressed.
	@SuppressWarnings("NullAway.Init")
	public abstract static class ToolApplication extends BenchmarkApplication {

		static final String[] TRACING_ON = {};

		static final String[] TRACING_OFF = { "agent.tracing.enabled=false" };

		WeatherTool tool;

		String city = "Paris";

		String callId = "call_0f3a9c";

		@Override
		protected Class<?>[] sources() {
			return new Class<?>[] { TracingApplication.class };
		}

		@Override
		protected void verify() {
			this.tool = bean(WeatherTool.class);
			if (AopUtils.isAopProxy(this.tool) != proxied()) {
				throw new IllegalStateException(
						getClass().getSimpleName() + ": tool is " + (proxied() ? "not " : "") + "a proxy");
			}
			prepare();
			expectExportedSpans(this::call, spansPerCall());
		}

		/**
		 * Whether the case calls the tool through a proxy.
		 * @return whether the tool bean is a proxy
		 */
		abstract boolean proxied();

		/**
		 * How many spans one call exports.
		 * @return the spans per call
		 */
		abstract int spansPerCall();

		/**
		 * Prepare what {@link #call()} needs, once the application runs.
		 */
		void prepare() {
		}

		/**
		 * The measured call.
		 * @return the tool's result
		 */
		String call() {
			return this.tool.currentWeather(this.city, this.callId);
		}

		WeatherTool target() {
			return (WeatherTool) Objects.requireNonNull(AopProxyUtils.getSingletonTarget(this.tool),
					"the traced tool is a proxy of one target");
		}

	}

	@State(Scope.Benchmark)
	public static class Baseline extends ToolApplication {

		@Override
		protected Class<?>[] sources() {
			return new Class<?>[] { TracingApplication.class, PassThroughAdvice.class };
		}

		@Override
		protected String[] properties() {
			return TRACING_OFF;
		}

		@Override
		boolean proxied() {
			return true;
		}

		@Override
		int spansPerCall() {
			return 0;
		}

	}

	@State(Scope.Benchmark)
	public static class TracingDisabled extends ToolApplication {

		@Override
		protected String[] properties() {
			return TRACING_OFF;
		}

		@Override
		boolean proxied() {
			return false;
		}

		@Override
		int spansPerCall() {
			return 0;
		}

	}

	@State(Scope.Benchmark)
	public static class Traced extends ToolApplication {

		@Override
		protected String[] properties() {
			return TRACING_ON;
		}

		@Override
		boolean proxied() {
			return true;
		}

		@Override
		int spansPerCall() {
			return 1;
		}

	}

	@State(Scope.Benchmark)
	public static class TracedWithMetrics extends Traced {

		@Override
		protected Class<?>[] sources() {
			return new Class<?>[] { TracingWithMetricsApplication.class };
		}

		@Override
		protected void verify() {
			super.verify();
			expectGenAiMetrics();
		}

	}

	/**
	 * The application of case 3, with the tool's target called directly inside the same
	 * span made through {@code AgentTracer}.
	 */
	// Set by the template methods (beforeStart, verify, prepare) that JMH's @Setup
	// start() calls:
	// NullAway does not follow those calls, so only its initialization check is
	// suppressed.
	@SuppressWarnings("NullAway.Init")
	@State(Scope.Benchmark)
	public static class Programmatic extends Traced {

		private AgentTracer agentTracer;

		private WeatherTool target;

		private ToolSpec spec;

		@Override
		void prepare() {
			this.target = target();
			this.agentTracer = bean(AgentTracer.class);
			this.spec = ToolSpec.named(WeatherTool.NAME).description(WeatherTool.DESCRIPTION);
		}

		@Override
		String call() {
			return this.agentTracer.tool(this.spec.callId(this.callId),
					() -> this.target.currentWeather(this.city, this.callId));
		}

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
	public static class HandWritten extends ToolApplication {

		private Tracer tracer;

		private WeatherTool callee;

		@Override
		protected String[] properties() {
			return TRACING_OFF;
		}

		@Override
		boolean proxied() {
			return false;
		}

		@Override
		int spansPerCall() {
			return 1;
		}

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

		@Override
		protected String[] properties() {
			return TRACING_ON;
		}

		@Override
		boolean proxied() {
			return true;
		}

	}

	@State(Scope.Benchmark)
	public static class Observed extends ToolApplication {

		@Override
		protected String[] properties() {
			return new String[] { "agent.tracing.enabled=false", "management.observations.annotations.enabled=true" };
		}

		@Override
		boolean proxied() {
			return true;
		}

		@Override
		int spansPerCall() {
			return 1;
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
