package dev.agenttracing.aop;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.LlmCallSpec;
import dev.agenttracing.annotation.LlmCall;
import dev.agenttracing.semconv.GenAiAttributes;

/**
 * Traces methods annotated with {@link LlmCall} through {@link AgentTracer#llmCall}: a
 * Spring AOP advisor with a plain method interceptor (see {@link TracingAdvisor}). The
 * annotation is resolved, and its SpEL expressions parsed, once per method and bean
 * class; only expressions are evaluated per call.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class LlmCallAspect extends TracingAdvisor<LlmCallAspect.LlmCallMethod> {

	/**
	 * Create an aspect that traces through the given tracer.
	 * @param agentTracer the tracer
	 * @param order the aspect's order among other advice on the same method
	 */
	public LlmCallAspect(AgentTracer agentTracer, int order) {
		this(() -> agentTracer, order);
	}

	/**
	 * Create an aspect that looks its tracer up on first use, so that sorting advisors
	 * (which creates aspects early) does not create the tracer and its configuration too.
	 * @param agentTracer supplies the tracer
	 * @param order the aspect's order among other advice on the same method
	 */
	public LlmCallAspect(Supplier<AgentTracer> agentTracer, int order) {
		super(agentTracer, order, LlmCall.class, false);
	}

	@Override
	LlmCallMethod resolve(Method method, Class<?> targetClass) {
		return LlmCallMethod.of(ClassUtils.getMostSpecificMethod(method, targetClass));
	}

	@Override
	@Nullable Object trace(MethodInvocation invocation, LlmCallMethod call, AgentTracer agentTracer) throws Throwable {
		@Nullable Object[] args = invocation.getArguments();
		LlmCallSpec spec = call.specFor(args);
		if (spec == null) {
			return invocation.proceed();
		}
		return agentTracer.llmCall(spec, new ArgumentMap(call.parameterNames(), args, -1), proceeding(invocation));
	}

	/**
	 * An {@link LlmCall} method's static spec and the expressions evaluated per call.
	 */
	record LlmCallMethod(@Nullable LlmCallSpec spec, @Nullable ParameterExpression provider,
			@Nullable ParameterExpression model, String[] parameterNames) {

		static LlmCallMethod of(Method method) {
			LlmCall annotation = AnnotatedElementUtils.findMergedAnnotation(method, LlmCall.class);
			if (annotation == null) {
				return new LlmCallMethod(null, null, null, new String[0]);
			}
			String[] parameterNames = parameterNamesOf(method);
			ParameterExpression provider = parse(annotation.provider(), "provider", method, parameterNames);
			ParameterExpression model = parse(annotation.model(), "model", method, parameterNames);
			LlmCallSpec spec = LlmCallSpec.chat(literal(annotation.model()))
				.operation(StringUtils.hasText(annotation.operation()) ? annotation.operation()
						: GenAiAttributes.OPERATION_CHAT)
				.provider(literal(annotation.provider()))
				.server(emptyToNull(annotation.serverAddress()), annotation.serverPort());
			return new LlmCallMethod(spec, provider, model, parameterNames);
		}

		@Nullable LlmCallSpec specFor(@Nullable Object[] args) {
			LlmCallSpec resolved = this.spec;
			if (resolved != null && this.provider != null) {
				resolved = resolved.provider(this.provider.evaluate(args));
			}
			if (resolved != null && this.model != null) {
				resolved = resolved.model(this.model.evaluate(args));
			}
			return resolved;
		}

		private static @Nullable ParameterExpression parse(String value, String attribute, Method method,
				String[] parameterNames) {
			return isExpression(value) ? ParameterExpression.parse("LlmCall", attribute, method, value, parameterNames)
					: null;
		}

		private static @Nullable String literal(String value) {
			return (StringUtils.hasText(value) && !isExpression(value)) ? value : null;
		}

		private static boolean isExpression(String value) {
			return value.startsWith("#");
		}

	}

}
