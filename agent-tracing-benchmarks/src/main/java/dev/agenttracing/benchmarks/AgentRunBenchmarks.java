package dev.agenttracing.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.springframework.aop.support.AopUtils;

/**
 * What a whole small agent run costs (case 6): an {@code @AgentRun} method that calls two
 * {@code @Tool} methods and one {@code @LlmCall} method (with token usage) through their
 * proxies, so four nested spans in one trace, in an application with Boot's metrics, so
 * that the GenAI client metrics (duration, token usage) are recorded too, as with the
 * starter.
 *
 * @author agent-tracing
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AgentRunBenchmarks {

	/**
	 * Case 6: one agent run with two tool calls and one LLM call.
	 * @param app the application
	 * @return the run's result
	 */
	@Benchmark
	public String agentRun(TracedRun app) {
		return app.planner.plan(app.city);
	}

	// Set by the template methods (beforeStart, verify, prepare) that JMH's @Setup
	// start() calls:
	// NullAway does not follow those calls, so only its initialization check is
	// suppressed.
	@SuppressWarnings("NullAway.Init")
	@State(Scope.Benchmark)
	public static class TracedRun extends BenchmarkApplication {

		TripPlanner planner;

		String city = "Paris";

		@Override
		protected Class<?>[] sources() {
			return new Class<?>[] { TracingWithMetricsApplication.class };
		}

		@Override
		protected String[] properties() {
			return new String[0];
		}

		@Override
		protected void verify() {
			this.planner = bean(TripPlanner.class);
			if (!AopUtils.isAopProxy(this.planner)) {
				throw new IllegalStateException("The agent is not proxied");
			}
			expectExportedSpans(() -> this.planner.plan(this.city), 4);
			expectGenAiMetrics();
		}

	}

}
