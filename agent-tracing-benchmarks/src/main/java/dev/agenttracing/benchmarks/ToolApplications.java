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

}
