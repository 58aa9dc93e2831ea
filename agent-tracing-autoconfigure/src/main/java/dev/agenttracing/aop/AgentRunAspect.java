package dev.agenttracing.aop;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodClassKey;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;

import dev.agenttracing.AgentRunSpec;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.TracingFaults;
import dev.agenttracing.annotation.AgentRun;

/**
 * Traces methods annotated with {@link AgentRun} (or public methods of an annotated type)
 * through {@link AgentTracer#agentRun}. The annotation is resolved once per method and bean
 * class.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@Aspect
public class AgentRunAspect implements Ordered {

	private static final AgentRunSpec UNTRACED = AgentRunSpec.named("untraced");

	private final Supplier<AgentTracer> agentTracer;

	private final int order;

	private final Map<MethodClassKey, AgentMethod> specs = new ConcurrentHashMap<>();

	/**
	 * Create an aspect that traces through the given tracer.
	 * @param agentTracer the tracer
	 * @param order the aspect's order among other advice on the same method
	 */
	public AgentRunAspect(AgentTracer agentTracer, int order) {
		this(() -> agentTracer, order);
	}

	/**
	 * Create an aspect that looks its tracer up on first use, so that sorting advisors (which
	 * creates aspects early) does not create the tracer and its configuration too.
	 * @param agentTracer supplies the tracer
	 * @param order the aspect's order among other advice on the same method
	 */
	public AgentRunAspect(Supplier<AgentTracer> agentTracer, int order) {
		this.agentTracer = SingletonSupplier.of(agentTracer);
		this.order = order;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@Around("execution(@dev.agenttracing.annotation.AgentRun * *(..))")
	public @Nullable Object aroundAnnotatedMethod(ProceedingJoinPoint pjp) throws Throwable {
		return traceAgentRun(pjp);
	}

	@Around("@within(dev.agenttracing.annotation.AgentRun) && !@annotation(dev.agenttracing.annotation.AgentRun)"
			+ " && execution(public * *(..))")
	public @Nullable Object aroundMethodOfAnnotatedType(ProceedingJoinPoint pjp) throws Throwable {
		return traceAgentRun(pjp);
	}

	private @Nullable Object traceAgentRun(ProceedingJoinPoint pjp) throws Throwable {
		AgentMethod agent = resolve(pjp);
		if (agent.spec() == UNTRACED) {
			return pjp.proceed();
		}
		Object[] args = pjp.getArgs();
		return this.agentTracer.get().agentRun(agent.spec(args), agent.input(args), pjp::proceed);
	}

	private AgentMethod resolve(ProceedingJoinPoint pjp) {
		try {
			// Per call: one cache lookup; the annotation is resolved on the first call only.
			Method method = JoinPoints.method(pjp);
			MethodClassKey key = new MethodClassKey(method, JoinPoints.cacheClass(pjp));
			AgentMethod agent = this.specs.get(key);
			if (agent == null) {
				Class<?> targetClass = JoinPoints.targetClass(pjp);
				agent = this.specs.computeIfAbsent(key, (k) -> createAgentMethod(method, targetClass));
			}
			return agent;
		}
		catch (Throwable ex) {
			TracingFaults.report("resolving @AgentRun", ex);
			return new AgentMethod(UNTRACED, new String[0], null);
		}
	}

	private static AgentMethod createAgentMethod(Method method, Class<?> targetClass) {
		Method specificMethod = ClassUtils.getMostSpecificMethod(method, targetClass);
		AgentRun annotation = findAnnotation(specificMethod, targetClass);
		if (annotation == null) {
			return new AgentMethod(UNTRACED, new String[0], null);
		}
		String[] parameterNames = JoinPoints.parameterNames(method);
		ConversationIdExpression conversationId = null;
		if (StringUtils.hasText(annotation.conversationId())) {
			try {
				conversationId = ConversationIdExpression.parse(specificMethod, annotation.conversationId(),
						parameterNames);
			}
			catch (InvalidAgentRunExpressionException ex) {
				// Normally caught at startup; a bean created before that check is traced without it.
				TracingFaults.notice("conversation-id|" + specificMethod, ex.getMessage()
						+ "; the run is traced without a conversation id");
			}
		}
		return new AgentMethod(createSpec(annotation, targetClass), parameterNames, conversationId);
	}

	/**
	 * The {@link AgentRun} that applies to a method: its own, else its type's when the method is
	 * public.
	 * @param specificMethod the method on the target class
	 * @param targetClass the target class
	 * @return the annotation, or {@code null} when the method is not an agent run
	 */
	static @Nullable AgentRun findAnnotation(Method specificMethod, Class<?> targetClass) {
		if (specificMethod.getDeclaringClass() == Object.class) {
			return null;
		}
		AgentRun annotation = AnnotatedElementUtils.findMergedAnnotation(specificMethod, AgentRun.class);
		if (annotation == null && java.lang.reflect.Modifier.isPublic(specificMethod.getModifiers())) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, AgentRun.class);
		}
		return annotation;
	}

	private static AgentRunSpec createSpec(AgentRun annotation, Class<?> targetClass) {
		String name = StringUtils.hasText(annotation.name()) ? annotation.name() : targetClass.getSimpleName();
		return AgentRunSpec.named(name)
			.description(emptyToNull(annotation.description()))
			.id(emptyToNull(annotation.id()))
			.version(emptyToNull(annotation.version()))
			.provider(emptyToNull(annotation.provider()))
			.content(annotation.content());
	}

	/**
	 * An {@link AgentRun} method's spec, parameter names and conversation id expression.
	 */
	private record AgentMethod(AgentRunSpec spec, String[] parameterNames,
			@Nullable ConversationIdExpression conversationId) {

		AgentRunSpec spec(@Nullable Object[] args) {
			return (this.conversationId != null) ? this.spec.conversationId(this.conversationId.evaluate(args))
					: this.spec;
		}

		// The input is the only argument itself, or all of them by parameter name.
		@Nullable Object input(@Nullable Object[] args) {
			if (args.length == 0) {
				return null;
			}
			return (args.length == 1) ? args[0] : JoinPoints.arguments(this.parameterNames, args, -1);
		}

	}

	static @Nullable String emptyToNull(String value) {
		return StringUtils.hasText(value) ? value : null;
	}

}
