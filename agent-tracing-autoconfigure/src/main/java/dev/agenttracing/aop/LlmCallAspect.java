package dev.agenttracing.aop;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.jspecify.annotations.Nullable;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodClassKey;
import org.springframework.core.Ordered;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.LlmCallSpec;
import dev.agenttracing.TracingFaults;
import dev.agenttracing.annotation.LlmCall;

/**
 * Traces methods annotated with {@link LlmCall} through {@link AgentTracer#llmCall}. The
 * annotation is resolved, and its SpEL expressions parsed, once per method and bean class; only
 * expressions are evaluated per call.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@Aspect
public class LlmCallAspect implements Ordered {

	private static final SpelExpressionParser PARSER = new SpelExpressionParser();

	private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

	private final Supplier<AgentTracer> agentTracer;

	private final int order;

	private final Map<MethodClassKey, LlmCallMethod> calls = new ConcurrentHashMap<>();

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
		this.agentTracer = SingletonSupplier.of(agentTracer);
		this.order = order;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@Around("execution(@dev.agenttracing.annotation.LlmCall * *(..))")
	public @Nullable Object aroundLlmCall(ProceedingJoinPoint pjp) throws Throwable {
		LlmCallMethod call = resolve(pjp);
		LlmCallSpec spec = (call != null) ? call.specFor(pjp.getArgs()) : null;
		if (call == null || spec == null) {
			return pjp.proceed();
		}
		return this.agentTracer.get()
			.llmCall(spec, JoinPoints.arguments(call.parameterNames(), pjp.getArgs(), -1), pjp::proceed);
	}

	private @Nullable LlmCallMethod resolve(ProceedingJoinPoint pjp) {
		try {
			Method method = JoinPoints.method(pjp);
			Class<?> targetClass = JoinPoints.targetClass(pjp);
			return this.calls.computeIfAbsent(new MethodClassKey(method, targetClass),
					(key) -> LlmCallMethod.of(ClassUtils.getMostSpecificMethod(method, targetClass)));
		}
		catch (Throwable ex) {
			TracingFaults.report("resolving @LlmCall", ex);
			return null;
		}
	}

	/**
	 * An {@link LlmCall} method's static spec and the expressions evaluated per call.
	 */
	private record LlmCallMethod(Method method, @Nullable LlmCallSpec spec, @Nullable Expression provider,
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
				.server(AgentRunAspect.emptyToNull(annotation.serverAddress()), annotation.serverPort());
			return new LlmCallMethod(method, spec, provider, model, JoinPoints.parameterNames(method));
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
