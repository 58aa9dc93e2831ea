package dev.agenttracing.benchmarks;

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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.ProxyFactory;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.ToolSpec;
import dev.agenttracing.aop.ToolAspect;
import dev.agenttracing.semconv.GenAiAttributes;

/**
 * What agent-tracing's own code costs per tool call, without an OpenTelemetry SDK, a
 * batch processor or an application around it (cases 1n, 3n and 3an): the tool behind a
 * Spring proxy made by a {@link ProxyFactory}, and an {@link AgentTracer} on
 * {@link OpenTelemetry#noop()}, so that a span costs nothing and what is measured is the
 * proxy, the advice, the tracer's bookkeeping and making the operation's context current.
 * Cases 3 and 4 add the SDK's work, which is the same for both, and the batch queue's
 * hand-off, which is not (see the README).
 *
 * @author agent-tracing
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OwnCostBenchmarks {

	/**
	 * Case 1n: the tool through a proxy whose advice only proceeds.
	 * @param tools the proxies
	 * @return the tool's result
	 */
	@Benchmark
	public String proxyOnly(Tools tools) {
		return tools.passThrough.currentWeather(tools.city, tools.callId);
	}

	/**
	 * Case 3n: the tool through a proxy with agent-tracing's {@code @Tool} advice,
	 * tracing to a no-op OpenTelemetry.
	 * @param tools the proxies
	 * @return the tool's result
	 */
	@Benchmark
	public String toolAdviceNoopOpenTelemetry(Tools tools) {
		return tools.traced.currentWeather(tools.city, tools.callId);
	}

	/**
	 * Case 3an: {@code AgentTracer.tool(spec, work)} around a direct call, tracing to a
	 * no-op OpenTelemetry.
	 * @param tools the tracer and the tool
	 * @return the tool's result
	 */
	@Benchmark
	public String toolProgrammaticNoopOpenTelemetry(Tools tools) {
		return tools.tracer.tool(tools.spec.callId(tools.callId),
				() -> tools.target.currentWeather(tools.city, tools.callId));
	}

	/**
	 * Case 4n: the span of case 4, written by hand around a direct call, on a no-op
	 * OpenTelemetry: case 3an minus this is what {@code AgentTracer} does beyond what a
	 * hand-written span does.
	 * @param tools the tracer and the tool
	 * @return the tool's result
	 */
	@Benchmark
	public String handWrittenSpanNoopOpenTelemetry(Tools tools) {
		Span span = tools.noopTracer.spanBuilder("execute_tool " + WeatherTool.NAME)
			.setParent(Context.current())
			.setSpanKind(SpanKind.INTERNAL)
			.setAttribute(GenAiAttributes.OPERATION_NAME, GenAiAttributes.OPERATION_EXECUTE_TOOL)
			.setAttribute(GenAiAttributes.TOOL_NAME, WeatherTool.NAME)
			.setAttribute(GenAiAttributes.TOOL_TYPE, GenAiAttributes.TOOL_TYPE_FUNCTION)
			.setAttribute(GenAiAttributes.TOOL_DESCRIPTION, WeatherTool.DESCRIPTION)
			.setAttribute(GenAiAttributes.TOOL_CALL_ID, tools.callId)
			.startSpan();
		try (io.opentelemetry.context.Scope scope = span.makeCurrent()) {
			return tools.target.currentWeather(tools.city, tools.callId);
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

	/**
	 * Case 4pn: the hand-written span in a proxy's method interceptor (case 4p's advice),
	 * on a no-op OpenTelemetry: case 3n minus this is what agent-tracing's advice and
	 * tracer do beyond a hand-written interceptor.
	 * @param tools the proxies
	 * @return the tool's result
	 */
	@Benchmark
	public String handWrittenAdviceNoopOpenTelemetry(Tools tools) {
		return tools.handWritten.currentWeather(tools.city, tools.callId);
	}

	/**
	 * The proxies and the tracer; arguments are fields so that the JIT cannot fold the
	 * call.
	 */
	@State(Scope.Benchmark)
	public static class Tools {

		final WeatherTool target = new WeatherTool();

		final ToolSpec spec = ToolSpec.named(WeatherTool.NAME).description(WeatherTool.DESCRIPTION);

		String city = "Paris";

		String callId = "call_0f3a9c";

		AgentTracer tracer;

		WeatherTool traced;

		WeatherTool passThrough;

		WeatherTool handWritten;

		Tracer noopTracer;

		@Setup
		public void start() {
			this.tracer = AgentTracer.builder(OpenTelemetry.noop()).build();
			this.traced = proxy(new ToolAspect(this.tracer, 0));
			this.passThrough = proxy(new PassThroughAdvisor());
			this.handWritten = proxy(new HandWrittenSpanAdvisor(OpenTelemetry::noop));
			this.noopTracer = OpenTelemetry.noop().getTracer("dev.agenttracing.benchmarks");
		}

		private static WeatherTool proxy(Advisor advisor) {
			ProxyFactory factory = new ProxyFactory(new WeatherTool());
			factory.setProxyTargetClass(true);
			factory.addAdvisor(advisor);
			return (WeatherTool) factory.getProxy();
		}

	}

}
