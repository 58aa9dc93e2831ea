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

import dev.agenttracing.AgentTracer;
import dev.agenttracing.ToolSpec;
import dev.agenttracing.TracingFaults;
import dev.agenttracing.annotation.Tool;
import dev.agenttracing.annotation.ToolCallId;

/**
 * Traces methods annotated with {@link Tool} through {@link AgentTracer#tool}. The annotation
 * and the position of the {@link ToolCallId} parameter are resolved once per method and bean
 * class; only the call id is read per call.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@Aspect
public class ToolAspect implements Ordered {

	private final Supplier<AgentTracer> agentTracer;

	private final int order;

	private final Map<MethodClassKey, ToolMethod> tools = new ConcurrentHashMap<>();

	/**
	 * Create an aspect that traces through the given tracer.
	 * @param agentTracer the tracer
	 * @param order the aspect's order among other advice on the same method
	 */
	public ToolAspect(AgentTracer agentTracer, int order) {
		this(() -> agentTracer, order);
	}

	/**
	 * Create an aspect that looks its tracer up on first use, so that sorting advisors (which
	 * creates aspects early) does not create the tracer and its configuration too.
	 * @param agentTracer supplies the tracer
	 * @param order the aspect's order among other advice on the same method
	 */
	public ToolAspect(Supplier<AgentTracer> agentTracer, int order) {
		this.agentTracer = SingletonSupplier.of(agentTracer);
		this.order = order;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@Around("execution(@dev.agenttracing.annotation.Tool * *(..))")
	public @Nullable Object aroundTool(ProceedingJoinPoint pjp) throws Throwable {
		ToolMethod tool = resolve(pjp);
		ToolSpec spec = (tool != null) ? tool.specFor(pjp.getArgs()) : null;
		if (tool == null || spec == null) {
			return pjp.proceed();
		}
		return this.agentTracer.get().tool(spec, tool.arguments(pjp.getArgs()), pjp::proceed);
	}

	private @Nullable ToolMethod resolve(ProceedingJoinPoint pjp) {
		try {
			// Per call: one cache lookup; the annotation is resolved on the first call only.
			Method method = JoinPoints.method(pjp);
			MethodClassKey key = new MethodClassKey(method, JoinPoints.cacheClass(pjp));
			ToolMethod tool = this.tools.get(key);
			if (tool == null) {
				Class<?> targetClass = JoinPoints.targetClass(pjp);
				tool = this.tools.computeIfAbsent(key,
						(k) -> ToolMethod.of(ClassUtils.getMostSpecificMethod(method, targetClass)));
			}
			return tool;
		}
		catch (Throwable ex) {
			TracingFaults.report("resolving @Tool", ex);
			return null;
		}
	}

	/**
	 * A {@link Tool} method's static spec, where its call id comes from and its parameter names.
	 */
	private record ToolMethod(@Nullable ToolSpec spec, int callIdIndex, String[] parameterNames) {

		static ToolMethod of(Method method) {
			Tool annotation = AnnotatedElementUtils.findMergedAnnotation(method, Tool.class);
			if (annotation == null) {
				return new ToolMethod(null, -1, new String[0]);
			}
			String name = StringUtils.hasText(annotation.name()) ? annotation.name() : method.getName();
			String type = StringUtils.hasText(annotation.type()) ? annotation.type() : "function";
			ToolSpec spec = ToolSpec.named(name)
				.description(AgentRunAspect.emptyToNull(annotation.description()))
				.type(type);
			return new ToolMethod(spec, callIdIndex(method), JoinPoints.parameterNames(method));
		}

		private static int callIdIndex(Method method) {
			var parameters = method.getParameters();
			for (int i = 0; i < parameters.length; i++) {
				if (parameters[i].isAnnotationPresent(ToolCallId.class)) {
					return i;
				}
			}
			return -1;
		}

		// The call id is metadata (gen_ai.tool.call.id), not an argument of the tool.
		Map<String, @Nullable Object> arguments(@Nullable Object[] args) {
			return JoinPoints.arguments(this.parameterNames, args, this.callIdIndex);
		}

		@Nullable ToolSpec specFor(@Nullable Object[] args) {
			if (this.spec == null || this.callIdIndex < 0 || this.callIdIndex >= args.length) {
				return this.spec;
			}
			Object callId = args[this.callIdIndex];
			return (callId != null) ? this.spec.callId(callId.toString()) : this.spec;
		}

	}

}
