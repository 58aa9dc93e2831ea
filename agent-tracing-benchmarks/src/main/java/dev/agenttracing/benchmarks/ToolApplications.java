package dev.agenttracing.benchmarks;

import java.util.Objects;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.ToolSpec;

/**
 * The applications of agent-tracing's tool-call cases ({@link ToolCallBenchmarks}, cases
 * 1 to 3b), one JMH state each: the same {@link WeatherTool} in a Spring Boot context
 * configured for the case, checked before it is measured.
 *
 * @author agent-tracing
 */
public final class ToolApplications {

	private ToolApplications() {
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

		private final String[] properties;

		private final boolean proxied;

		private final int spansPerCall;

		WeatherTool tool;

		String city = "Paris";

		String callId = "call_0f3a9c";

		/**
		 * Describe the case.
		 * @param properties what makes the application this case's, as {@code key=value}
		 * @param proxied whether the case calls the tool through a proxy
		 * @param spansPerCall how many spans one call exports
		 */
		ToolApplication(String[] properties, boolean proxied, int spansPerCall) {
			this.properties = properties;
			this.proxied = proxied;
			this.spansPerCall = spansPerCall;
		}

		@Override
		protected Class<?>[] sources() {
			return new Class<?>[] { TracingApplication.class };
		}

		@Override
		protected final String[] properties() {
			return this.properties;
		}

		@Override
		protected void verify() {
			this.tool = bean(WeatherTool.class);
			if (AopUtils.isAopProxy(this.tool) != this.proxied) {
				throw new IllegalStateException(
						getClass().getSimpleName() + ": tool is " + (this.proxied ? "not " : "") + "a proxy");
			}
			prepare();
			expectExportedSpans(this::call, this.spansPerCall);
		}

		final boolean proxied() {
			return this.proxied;
		}

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

		public Baseline() {
			super(TRACING_OFF, true, 0);
		}

		@Override
		protected Class<?>[] sources() {
			return new Class<?>[] { TracingApplication.class, PassThroughAdvice.class };
		}

	}

	@State(Scope.Benchmark)
	public static class TracingDisabled extends ToolApplication {

		public TracingDisabled() {
			super(TRACING_OFF, false, 0);
		}

	}

	@State(Scope.Benchmark)
	public static class Traced extends ToolApplication {

		public Traced() {
			super(TRACING_ON, true, 1);
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

}
