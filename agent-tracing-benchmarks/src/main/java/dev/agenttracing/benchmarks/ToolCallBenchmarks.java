package dev.agenttracing.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

import dev.agenttracing.benchmarks.ReferenceApplications.HandWritten;
import dev.agenttracing.benchmarks.ReferenceApplications.HandWrittenAdvice;
import dev.agenttracing.benchmarks.ReferenceApplications.HandWrittenStarterApp;
import dev.agenttracing.benchmarks.ReferenceApplications.Observed;
import dev.agenttracing.benchmarks.ReferenceApplications.ObservedWithMetrics;
import dev.agenttracing.benchmarks.ToolApplications.Baseline;
import dev.agenttracing.benchmarks.ToolApplications.Programmatic;
import dev.agenttracing.benchmarks.ToolApplications.Traced;
import dev.agenttracing.benchmarks.ToolApplications.TracedWithMetrics;
import dev.agenttracing.benchmarks.ToolApplications.TracingDisabled;

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
	 * Case 4p: the hand-written span of case 4 inside a plain Spring AOP method
	 * interceptor on the {@code @Tool} method, in an application without agent-tracing:
	 * the floor for tracing an annotated method through a proxy. Case 3 minus this is
	 * what agent-tracing adds over any proxy-based instrumentation.
	 * @param app the application
	 * @return the tool's result
	 */
	@Benchmark
	public String handWrittenSpanAdvice(HandWrittenAdvice app) {
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

}
