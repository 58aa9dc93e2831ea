package dev.agenttracing.testsupport;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The ArchUnit rules every module of agent-tracing keeps, for the core's and the
 * integration modules' architecture tests: no package cycles, other projects' internal
 * packages used only in a module's adapter package, and the core's adapters left to the
 * core.
 */
public final class ArchitectureRules {

	private ArchitectureRules() {
	}

	/**
	 * A module's main classes (its tests and jars left out).
	 * @param rootPackage the module's root package
	 * @return the classes
	 */
	public static JavaClasses mainClasses(String rootPackage) {
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
			.importPackages(rootPackage);
	}

	/**
	 * No two packages under {@code rootPackage} (itself included) depend on each other.
	 * @param rootPackage the root package
	 * @return the rule
	 */
	public static ArchRule noPackageCycles(String rootPackage) {
		return slices().assignedFrom(everyPackage(rootPackage))
			.should()
			.beFreeOfCycles()
			.because("each package builds on the ones below it");
	}

	/**
	 * Classes outside {@code adapterPackage} do not use other projects' internal
	 * packages.
	 * @param adapterPackage the package of the module's adapters to other projects'
	 * non-public API
	 * @return the rule
	 */
	public static ArchRule otherProjectsInternalsOnlyIn(String adapterPackage) {
		return noClasses().that()
			.resideOutsideOfPackage(adapterPackage + "..")
			.should()
			.dependOnClassesThat(areInternalToAnotherProject())
			.because("each use of another project's non-public API sits in one adapter with a test that guards it");
	}

	/**
	 * Nothing uses the core's adapters to other projects' non-public API
	 * ({@code dev.agenttracing.internal}): an integration uses the core's public API
	 * only.
	 * @return the rule
	 */
	public static ArchRule noUseOfTheCoresAdapters() {
		return noClasses().should()
			.dependOnClassesThat()
			.resideInAPackage("dev.agenttracing.internal..")
			.because("integrations use the core's public API only");
	}

	/**
	 * Another project's classes in a package named {@code internal} (the OpenTelemetry
	 * SDK's, Micrometer's, a framework's).
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaClass> areInternalToAnotherProject() {
		return DescribedPredicate.describe("are in another project's internal package", (type) -> {
			String name = type.getPackageName();
			return !name.startsWith("dev.agenttracing") && (name.contains(".internal.") || name.endsWith(".internal"));
		});
	}

	private static SliceAssignment everyPackage(String root) {
		return new SliceAssignment() {

			@Override
			public SliceIdentifier getIdentifierOf(JavaClass type) {
				String name = type.getPackageName();
				return (name.equals(root) || name.startsWith(root + ".")) ? SliceIdentifier.of(name)
						: SliceIdentifier.ignore();
			}

			@Override
			public String getDescription() {
				return "every package under " + root;
			}

		};
	}

}
