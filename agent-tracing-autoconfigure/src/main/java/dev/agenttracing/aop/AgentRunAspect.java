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
		return this.agentTracer.get().agentRun(agent.spec(), agent.input(pjp.getArgs()), pjp::proceed);
	}

	private AgentMethod resolve(ProceedingJoinPoint pjp) {
		try {
			// Per call: one cache lookup; the annotation is resolved on the first call only.
			Method method = JoinPoints.method(pjp);
			MethodClassKey key = new MethodClassKey(method, JoinPoints.cacheClass(pjp));
			AgentMethod agent = this.specs.get(key);
			if (agent == null) {
				Class<?> targetClass = JoinPoints.targetClass(pjp);
				agent = this.specs.computeIfAbsent(key,
						(k) -> new AgentMethod(createSpec(method, targetClass), JoinPoints.parameterNames(method)));
			}
			return agent;
		}
		catch (Throwable ex) {
			TracingFaults.report("resolving @AgentRun", ex);
			return new AgentMethod(UNTRACED, new String[0]);
		}
	}

	private static AgentRunSpec createSpec(Method method, Class<?> targetClass) {
		Method specificMethod = ClassUtils.getMostSpecificMethod(method, targetClass);
		if (specificMethod.getDeclaringClass() == Object.class) {
			return UNTRACED;
		}
		AgentRun annotation = AnnotatedElementUtils.findMergedAnnotation(specificMethod, AgentRun.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, AgentRun.class);
		}
		if (annotation == null) {
			return UNTRACED;
		}
		String name = StringUtils.hasText(annotation.name()) ? annotation.name() : targetClass.getSimpleName();
		return AgentRunSpec.named(name)
			.description(emptyToNull(annotation.description()))
			.id(emptyToNull(annotation.id()))
			.version(emptyToNull(annotation.version()))
			.provider(emptyToNull(annotation.provider()))
			.content(annotation.content());
	}

	/**
	 * An {@link AgentRun} method's spec and parameter names.
	 */
	private record AgentMethod(AgentRunSpec spec, String[] parameterNames) {

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
