package dev.agenttracing.aop;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.LlmCallSpec;
import dev.agenttracing.TracingFaults;
import dev.agenttracing.annotation.LlmCall;

/**
 * Traces methods annotated with {@link LlmCall} through {@link AgentTracer#llmCall}: a Spring
 * AOP advisor with a plain method interceptor (see {@link TracingAdvisor}). The annotation is
 * resolved, and its SpEL expressions parsed, once per method and bean class; only expressions
 * are evaluated per call.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class LlmCallAspect extends TracingAdvisor<LlmCallAspect.LlmCallMethod> {

	private static final SpelExpressionParser PARSER = new SpelExpressionParser();

	private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

	/**
	 * Create an aspect that traces through the given tracer.
	 * @param agentTracer the tracer
	 * @param order the aspect's order among other advice on the same method
	 */
	public LlmCallAspect(AgentTracer agentTracer, int order) {
		this(() -> agentTracer, order);
	}

	/**
	 * Create an aspect that looks its tracer up on first use, so that sorting advisors (which
	 * creates aspects early) does not create the tracer and its configuration too.
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
		return agentTracer.llmCall(spec, new ArgumentMap(call.parameterNames(), args, -1), invocation::proceed);
	}

	/**
	 * An {@link LlmCall} method's static spec and the expressions evaluated per call.
	 */
	record LlmCallMethod(Method method, @Nullable LlmCallSpec spec, @Nullable Expression provider,
			@Nullable Expression model, String[] parameterNames) {

		static LlmCallMethod of(Method method) {
			LlmCall annotation = AnnotatedElementUtils.findMergedAnnotation(method, LlmCall.class);
			if (annotation == null) {
				return new LlmCallMethod(method, null, null, null, new String[0]);
			}
			Expression provider = parse(annotation.provider(), "provider", method);
			Expression model = parse(annotation.model(), "model", method);
			LlmCallSpec spec = LlmCallSpec.chat(literal(annotation.model()))
				.operation(StringUtils.hasText(annotation.operation()) ? annotation.operation() : "chat")
				.provider(literal(annotation.provider()))
				.server(emptyToNull(annotation.serverAddress()), annotation.serverPort());
			return new LlmCallMethod(method, spec, provider, model, parameterNamesOf(method));
		}

		@Nullable LlmCallSpec specFor(@Nullable Object[] args) {
			if (this.spec == null || (this.provider == null && this.model == null)) {
				return this.spec;
			}
			MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(null, this.method, args,
					PARAMETER_NAMES);
			LlmCallSpec resolved = this.spec;
			if (this.provider != null) {
				resolved = resolved.provider(evaluate(this.provider, context, "provider"));
			}
			if (this.model != null) {
				resolved = resolved.model(evaluate(this.model, context, "model"));
			}
			return resolved;
		}

		private @Nullable String evaluate(Expression expression, MethodBasedEvaluationContext context,
				String attribute) {
			try {
				Object value = expression.getValue(context);
				return (value != null) ? value.toString() : null;
			}
			catch (Throwable ex) {
				TracingFaults.report("evaluating @LlmCall(" + attribute + " = \"" + expression.getExpressionString()
						+ "\") on " + this.method, ex);
				return null;
			}
		}

		private static @Nullable Expression parse(String value, String attribute, Method method) {
			if (!isExpression(value)) {
				return null;
			}
			try {
				return PARSER.parseExpression(value);
			}
			catch (Throwable ex) {
				throw new IllegalStateException(
						"@LlmCall(" + attribute + " = \"" + value + "\") on " + method + " is not valid SpEL", ex);
			}
		}

		private static @Nullable String literal(String value) {
			return (StringUtils.hasText(value) && !isExpression(value)) ? value : null;
		}

		private static boolean isExpression(String value) {
			return value.startsWith("#");
		}

	}

}
