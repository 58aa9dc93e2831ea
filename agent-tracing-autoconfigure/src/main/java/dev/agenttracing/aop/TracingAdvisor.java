package dev.agenttracing.aop;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.Pointcut;
import org.springframework.aop.TargetClassAware;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.TracedCallable;
import dev.agenttracing.support.TracingFaults;

/**
 * A Spring AOP advisor that traces the methods carrying one of agent-tracing's
 * annotations, as Spring's own {@code @Transactional} and {@code @Cacheable} support
 * does: a pointcut that matches the annotated methods and a plain
 * {@link MethodInterceptor} as the advice, so a call pays neither a reflective advice
 * call nor a join point.
 * <p>
 * What a subclass needs to know about a method (the annotation's values, parameter names)
 * is resolved once per method and bean class by {@link #resolve(Method, Class)} and
 * cached; a call makes one cache lookup. The tracer is looked up on first use, because
 * sorting advisors creates them early, while other beans are still being created. A fault
 * in resolving is reported and the call goes on untraced.
 *
 * @param <M> what is resolved about a traced method
 * @author agent-tracing
 */
abstract class TracingAdvisor<M> extends AbstractPointcutAdvisor {

	private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

	private final Supplier<AgentTracer> agentTracer;

	private final Pointcut pointcut;

	private final String annotationName;

	private final MethodInterceptor advice = this::intercept;

	// Per method, what was resolved for each class it was called on (nearly always one).
	private final Map<Method, Resolved<M>> methods = new ConcurrentHashMap<>();

	/**
	 * Create an advisor for the methods carrying {@code annotation}.
	 * @param agentTracer supplies the tracer, asked on the first traced call
	 * @param order the advisor's order among other advice on the same method
	 * @param annotation the annotation
	 * @param publicMethodsOfAnnotatedTypes whether the public methods of a type carrying
	 * the annotation are traced too
	 */
	TracingAdvisor(Supplier<AgentTracer> agentTracer, int order, Class<? extends Annotation> annotation,
			boolean publicMethodsOfAnnotatedTypes) {
		this.agentTracer = SingletonSupplier.of(agentTracer);
		this.pointcut = new TracedMethodPointcut(annotation, publicMethodsOfAnnotatedTypes);
		this.annotationName = annotation.getSimpleName();
		setOrder(order);
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.advice;
	}

	/**
	 * Resolve what tracing a method needs, once per method and bean class.
	 * @param method the invoked method, as the proxy saw it (its most specific method in
	 * the bean class is {@code ClassUtils.getMostSpecificMethod(method, targetClass)})
	 * @param targetClass the bean's user class
	 * @return what the calls of the method are traced with
	 */
	abstract M resolve(Method method, Class<?> targetClass);

	/**
	 * Trace one call.
	 * @param invocation the call
	 * @param method what was resolved about the method
	 * @param agentTracer the tracer
	 * @return what the call returned
	 * @throws Throwable what the call threw
	 */
	abstract @Nullable Object trace(MethodInvocation invocation, M method, AgentTracer agentTracer) throws Throwable;

	/**
	 * The rest of the call, as work for {@link AgentTracer}.
	 * @param invocation the call
	 * @return work that proceeds with the call and returns what it returns
	 */
	// proceed() may return null and TracedCallable allows it (T extends @Nullable Object,
	// here
	// T is @Nullable Object). NullAway sees the nullness of type arguments only in its
	// JSpecify
	// mode, which needs JDK 22+ (this project builds on 17), so it takes T as non-null
	// here.
	@SuppressWarnings("NullAway")
	static TracedCallable<@Nullable Object, Throwable> proceeding(MethodInvocation invocation) {
		return invocation::proceed;
	}

	private @Nullable Object intercept(MethodInvocation invocation) throws Throwable {
		M method = method(invocation);
		return (method != null) ? trace(invocation, method, this.agentTracer.get()) : invocation.proceed();
	}

	private @Nullable M method(MethodInvocation invocation) {
		try {
			// Per call: one lookup by the Method (a proxy passes the same instance on
			// every call,
			// so the map compares identities) and no allocation; resolved on the first
			// call only.
			Method method = invocation.getMethod();
			Class<?> cacheClass = cacheClass(invocation);
			for (Resolved<M> resolved = this.methods.get(method); resolved != null; resolved = resolved.next()) {
				if (resolved.cacheClass() == cacheClass) {
					return resolved.value();
				}
			}
			M value = resolve(method, targetClass(invocation));
			this.methods.compute(method, (key, existing) -> Resolved.add(existing, cacheClass, value));
			return value;
		}
		catch (Throwable ex) {
			TracingFaults.report("resolving @" + this.annotationName, ex);
			return null;
		}
	}

	/**
	 * The class to cache per-method metadata under: the target's own class, which decides
	 * its user class, so the per-call path needs neither {@link AopUtils#getTargetClass}
	 * nor {@link ClassUtils#getUserClass} (each searches the class name). A target that
	 * reports its class itself ({@link TargetClassAware}) is asked every time.
	 */
	private static Class<?> cacheClass(MethodInvocation invocation) {
		Object target = invocation.getThis();
		if (target == null || target instanceof TargetClassAware) {
			return targetClass(invocation);
		}
		return target.getClass();
	}

	private static Class<?> targetClass(MethodInvocation invocation) {
		Object target = invocation.getThis();
		return (target != null) ? ClassUtils.getUserClass(AopUtils.getTargetClass(target))
				: invocation.getMethod().getDeclaringClass();
	}

	/**
	 * The method's parameter names: compiled with {@code -parameters} these are the names
	 * in the source, otherwise {@code arg0}, {@code arg1}...
	 * @param method the method
	 * @return the names
	 */
	static String[] parameterNamesOf(Method method) {
		String[] names = PARAMETER_NAMES.getParameterNames(method);
		if (names == null) {
			names = new String[method.getParameterCount()];
			for (int i = 0; i < names.length; i++) {
				names[i] = "arg" + i;
			}
		}
		return names;
	}

	static @Nullable String emptyToNull(String value) {
		return StringUtils.hasText(value) ? value : null;
	}

	/**
	 * What was resolved about a method for one class it is called on, and for the other
	 * classes (a method inherited by several beans), as an immutable list.
	 */
	private record Resolved<M>(Class<?> cacheClass, M value, @Nullable Resolved<M> next) {

		static <M> Resolved<M> add(@Nullable Resolved<M> existing, Class<?> cacheClass, M value) {
			if (existing != null && existing.holds(cacheClass)) {
				return existing;
			}
			return new Resolved<>(cacheClass, value, existing);
		}

		private boolean holds(Class<?> cacheClass) {
			for (Resolved<M> resolved = this; resolved != null; resolved = resolved.next()) {
				if (resolved.cacheClass() == cacheClass) {
					return true;
				}
			}
			return false;
		}

	}

}
