package dev.agenttracing.benchmarks;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.function.Supplier;

import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.util.function.SingletonSupplier;

import dev.agenttracing.annotation.Tool;
import dev.agenttracing.semconv.GenAiAttributes;

/**
 * Case 4p's advice: the span of case 4, written by hand for {@link WeatherTool} inside a
 * plain Spring AOP method interceptor on the {@code @Tool} methods. It is the least any
 * proxy-based instrumentation of an annotated method can do with the OpenTelemetry API,
 * so case 3 minus this is what agent-tracing's advice and tracer add over it, and this
 * minus case 4 is what Spring AOP's proxy costs a traced call.
 *
 * @author agent-tracing
 */
// Written out as a user would, not shared with case 4's span: a helper taking the call as
// a lambda would change the reference it is compared with.
public class HandWrittenSpanAdvisor extends AbstractPointcutAdvisor {

	private final Pointcut pointcut = AnnotationMatchingPointcut.forMethodAnnotation(Tool.class);

	private final SingletonSupplier<Tracer> tracer;

	private final MethodInterceptor advice = this::trace;

	HandWrittenSpanAdvisor(Supplier<OpenTelemetry> openTelemetry) {
		this.tracer = SingletonSupplier.of(() -> openTelemetry.get()
			.tracerBuilder("dev.agenttracing.benchmarks")
			.setSchemaUrl(GenAiAttributes.SCHEMA_URL)
			.build());
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.advice;
	}

	private @Nullable Object trace(MethodInvocation invocation) throws Throwable {
		// The tool's call id is its second parameter, as the user who wrote this knows.
		Object callId = invocation.getArguments()[1];
		Span span = this.tracer.obtain()
			.spanBuilder("execute_tool " + WeatherTool.NAME)
			.setParent(Context.current())
			.setSpanKind(SpanKind.INTERNAL)
			.setAttribute(GenAiAttributes.OPERATION_NAME, GenAiAttributes.OPERATION_EXECUTE_TOOL)
			.setAttribute(GenAiAttributes.TOOL_NAME, WeatherTool.NAME)
			.setAttribute(GenAiAttributes.TOOL_TYPE, GenAiAttributes.TOOL_TYPE_FUNCTION)
			.setAttribute(GenAiAttributes.TOOL_DESCRIPTION, WeatherTool.DESCRIPTION)
			.setAttribute(GenAiAttributes.TOOL_CALL_ID, String.valueOf(callId))
			.startSpan();
		try (io.opentelemetry.context.Scope scope = span.makeCurrent()) {
			return invocation.proceed();
		}
		catch (Throwable ex) {
			span.setStatus(StatusCode.ERROR);
			span.recordException(ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

}
