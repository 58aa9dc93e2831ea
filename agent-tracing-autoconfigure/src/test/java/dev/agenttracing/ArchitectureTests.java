package dev.agenttracing;

import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import dev.agenttracing.testsupport.ArchitectureRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The structure of the core, checked on its compiled classes (tests left out) so that
 * {@code mvn verify} fails when it drifts: the root package exposes only the API users
 * touch, no two packages depend on each other, and other projects' internal packages are
 * used only by the adapters in {@code dev.agenttracing.internal}.
 */
class ArchitectureTests {

	/**
	 * The public types of {@code dev.agenttracing}: what applications and the integration
	 * modules touch. Everything else there is package-private engine; a new public type
	 * belongs here only if users need it.
	 */
	static final Set<String> ROOT_API = Set.of("AgentContext", "AgentContextBuilder", "AgentContextSpanProcessor",
			"AgentRunSpec", "AgentTracer", "AgentTracerBuilder", "ContentRecording", "CurrentLlmCall", "LlmCallSpec",
			"LlmResult", "LlmResultExtractor", "ModelPricing", "ModelPricing$Price", "StartedOperation", "ToolSpec",
			"TracedCallable");

	private static final JavaClasses CORE = ArchitectureRules.mainClasses("dev.agenttracing");

	@Test
	void publicTypesOfTheRootPackageAreOnTheApiAllowList() {
		classes().that()
			.resideInAPackage("dev.agenttracing")
			.and()
			.arePublic()
			.should(beNamedIn(ROOT_API))
			.because("the root package is the API; engine classes there stay package-private")
			.check(CORE);
	}

	@Test
	void thereAreNoPackageCycles() {
		ArchitectureRules.noPackageCycles("dev.agenttracing").check(CORE);
	}

	@Test
	void onlyTheAdaptersUseOtherProjectsInternalPackages() {
		ArchitectureRules.otherProjectsInternalsOnlyIn("dev.agenttracing.internal").check(CORE);
	}

	@Test
	void ourAdaptersAreUsedByTheEngineExportAndWiringOnly() {
		noClasses().that()
			.resideOutsideOfPackages("dev.agenttracing", "dev.agenttracing.internal..", "dev.agenttracing.export..",
					"dev.agenttracing.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.agenttracing.internal..")
			.because("an adapter to another project's non-public API is used where it is needed only")
			.check(CORE);
	}

	private static ArchCondition<JavaClass> beNamedIn(Set<String> allowed) {
		return new ArchCondition<>("be on the API allow-list " + allowed) {

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				String simpleName = type.getName().substring(type.getPackageName().length() + 1);
				if (!allowed.contains(simpleName)) {
					events.add(SimpleConditionEvent.violated(type,
							type.getName() + " is public but not on the API allow-list"));
				}
			}

		};
	}

}
