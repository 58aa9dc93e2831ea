package dev.agenttracing.aop;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.ToolSpec;
import dev.agenttracing.annotation.Tool;
import dev.agenttracing.annotation.ToolCallId;
import dev.agenttracing.semconv.GenAiAttributes;

/**
 * Traces methods annotated with {@link Tool} through {@link AgentTracer#tool}: a Spring
 * AOP advisor with a plain method interceptor (see {@link TracingAdvisor}). The
 * annotation and the position of the {@link ToolCallId} parameter are resolved once per
 * method and bean class; only the call id is read per call.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class ToolAspect extends TracingAdvisor<ToolAspect.ToolMethod> {

	/**
	 * Create an aspect that traces through the given tracer.
	 * @param agentTracer the tracer
	 * @param order the aspect's order among other advice on the same method
	 */
	public ToolAspect(AgentTracer agentTracer, int order) {
		this(() -> agentTracer, order);
	}

	/**
	 * Create an aspect that looks its tracer up on first use, so that sorting advisors
	 * (which creates aspects early) does not create the tracer and its configuration too.
	 * @param agentTracer supplies the tracer
	 * @param order the aspect's order among other advice on the same method
	 */
	public ToolAspect(Supplier<AgentTracer> agentTracer, int order) {
		super(agentTracer, order, Tool.class, false);
	}

	@Override
	ToolMethod resolve(Method method, Class<?> targetClass) {
		return ToolMethod.of(ClassUtils.getMostSpecificMethod(method, targetClass));
	}

	@Override
	@Nullable Object trace(MethodInvocation invocation, ToolMethod tool, AgentTracer agentTracer) throws Throwable {
		ToolSpec spec = tool.spec();
		if (spec == null) {
			return invocation.proceed();
		}
		@Nullable Object[] args = invocation.getArguments();
		return agentTracer.tool(spec, tool.callId(args), tool.arguments(args), proceeding(invocation));
	}

	/**
	 * A {@link Tool} method's static spec, where its call id comes from and its parameter
	 * names.
	 */
	record ToolMethod(@Nullable ToolSpec spec, int callIdIndex, String[] parameterNames) {

		static ToolMethod of(Method method) {
			Tool annotation = AnnotatedElementUtils.findMergedAnnotation(method, Tool.class);
			if (annotation == null) {
				return new ToolMethod(null, -1, new String[0]);
			}
			String name = StringUtils.hasText(annotation.name()) ? annotation.name() : method.getName();
			String type = StringUtils.hasText(annotation.type()) ? annotation.type()
					: GenAiAttributes.TOOL_TYPE_FUNCTION;
			ToolSpec spec = ToolSpec.named(name).description(emptyToNull(annotation.description())).type(type);
			return new ToolMethod(spec, callIdIndex(method), parameterNamesOf(method));
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
			return new ArgumentMap(this.parameterNames, args, this.callIdIndex);
		}

		// The spec stays the one resolved for the method: the call id goes
		// beside it, so a call copies nothing.
		@Nullable String callId(@Nullable Object[] args) {
			if (this.callIdIndex < 0 || this.callIdIndex >= args.length) {
				return null;
			}
			Object callId = args[this.callIdIndex];
			return (callId != null) ? callId.toString() : null;
		}

	}

}
