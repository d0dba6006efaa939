package dev.ridgeline.server.security;

import static dev.ridgeline.server.security.Role.ENROLL;
import static dev.ridgeline.server.security.Role.OPERATOR;
import static dev.ridgeline.server.security.Role.VERIFY;

import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.DeleteGalleryRequest;
import dev.ridgeline.api.v1.DeleteSubjectRequest;
import dev.ridgeline.api.v1.DescribeGalleryRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.FederatedIdentifyRequest;
import dev.ridgeline.api.v1.FederatedMatchingGrpc;
import dev.ridgeline.api.v1.FederatedVerifyRequest;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.GetSubjectRequest;
import dev.ridgeline.api.v1.GetVettingRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.ServerInfoGrpc;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.TemplatesGrpc;
import dev.ridgeline.api.v1.UpdateAttributesRequest;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.api.v1.VettingGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Who may call what: the one table of gRPC methods with the roles each needs and where its request
 * names the gallery, and the decision for a caller and a request. docs/SECURITY.md shows the same table.
 */
public final class AccessPolicy {

    /** What a gallery extractor returns for a request that names no gallery (a verify against a card). */
    static final String NO_GALLERY = "";

    /**
     * What one method needs.
     *
     * @param open      callable without credentials (health checks, for load balancers)
     * @param anyOf     one of these roles is needed; empty means any authenticated caller
     * @param galleriesOf the galleries a request message names; the role must be held on each, or on
     *                    some gallery when it names none
     */
    record Rule(boolean open, Set<Role> anyOf, Function<Object, List<String>> galleriesOf) {
    }

    private final Map<String, Rule> rules = new LinkedHashMap<>();

    public AccessPolicy() {
        onGallery(GalleriesGrpc.getCreateGalleryMethod(), CreateGalleryRequest::getName, OPERATOR);
        onGallery(GalleriesGrpc.getDescribeGalleryMethod(), DescribeGalleryRequest::getName, OPERATOR);
        onGallery(GalleriesGrpc.getDeleteGalleryMethod(), DeleteGalleryRequest::getName, OPERATOR);
        anyCaller(GalleriesGrpc.getListGalleriesMethod()); // lists only the galleries the caller holds a role on
        onGallery(SubjectsGrpc.getEnrollMethod(), EnrollRequest::getGallery, ENROLL);
        onGallery(SubjectsGrpc.getBulkEnrollMethod(), EnrollRequest::getGallery, ENROLL); // every item is checked
        onGallery(SubjectsGrpc.getGetSubjectMethod(), GetSubjectRequest::getGallery, ENROLL);
        onGallery(SubjectsGrpc.getUpdateAttributesMethod(), UpdateAttributesRequest::getGallery, ENROLL);
        onGallery(SubjectsGrpc.getDeleteSubjectMethod(), DeleteSubjectRequest::getGallery, ENROLL);
        onGallery(MatchingGrpc.getVerifyMethod(),
                request -> request.hasSubject() ? request.getSubject().getGallery() : NO_GALLERY, VERIFY);
        onGallery(MatchingGrpc.getIdentifyMethod(), IdentifyRequest::getGallery, VERIFY);
        onGallery(TemplatesGrpc.getExtractTemplateMethod(), request -> NO_GALLERY, ENROLL, VERIFY);
        // local galleries and partner galleries ("us-cbp:lookout") alike: crossing a border is a grant too
        onGalleries(FederatedMatchingGrpc.getIdentifyMethod(), FederatedIdentifyRequest::getGalleriesList, VERIFY);
        onGallery(FederatedMatchingGrpc.getVerifyMethod(), FederatedVerifyRequest::getGallery, VERIFY);
        // the programme file, not the caller's grants, authorizes a vetting's look-out checks
        onGallery(VettingGrpc.getVettedEnrollMethod(), request -> request.getEnrollment().getGallery(), ENROLL);
        onGallery(VettingGrpc.getGetVettingMethod(), GetVettingRequest::getGallery, ENROLL);
        anyCaller(ServerInfoGrpc.getGetVersionMethod());
        onGallery(ServerInfoGrpc.getGetClusterStatusMethod(), request -> NO_GALLERY, OPERATOR);
        for (MethodDescriptor<?, ?> method : HealthGrpc.getServiceDescriptor().getMethods()) {
            rules.put(method.getFullMethodName(), new Rule(true, Set.of(), request -> List.of()));
        }
        // reflection reveals the whole API, not data; v1alpha is the same service under its older name
        for (ServiceDescriptor reflection : List.of(ServerReflectionGrpc.getServiceDescriptor(),
                io.grpc.reflection.v1alpha.ServerReflectionGrpc.getServiceDescriptor())) {
            for (MethodDescriptor<?, ?> method : reflection.getMethods()) {
                onGallery(method, request -> NO_GALLERY, OPERATOR);
            }
        }
    }

    private <Q> void onGallery(MethodDescriptor<Q, ?> method, Function<Q, String> galleryOf, Role... anyOf) {
        onGalleries(method, request -> {
            String gallery = galleryOf.apply(request);
            return gallery.isEmpty() ? List.of() : List.of(gallery);
        }, anyOf);
    }

    @SuppressWarnings("unchecked")
    private <Q> void onGalleries(MethodDescriptor<Q, ?> method, Function<Q, List<String>> galleriesOf, Role... anyOf) {
        rules.put(method.getFullMethodName(), new Rule(false, Set.of(anyOf), request -> galleriesOf.apply((Q) request)));
    }

    private void anyCaller(MethodDescriptor<?, ?> method) {
        rules.put(method.getFullMethodName(), new Rule(false, Set.of(), request -> List.of()));
    }

    /** The rule of a method, by its full name ({@code ridgeline.v1.Subjects/Enroll}); empty for a method not in the table. */
    Optional<Rule> rule(String fullMethodName) {
        return Optional.ofNullable(rules.get(fullMethodName));
    }

    /** Every method in the table, by full name. */
    public Set<String> methods() {
        return rules.keySet();
    }

    /** Refuses to start a server with a method the table forgets, rather than refuse its calls at run time. */
    public void requireRulesFor(Collection<ServerServiceDefinition> services) {
        List<String> missing = services.stream()
                .map(ServerServiceDefinition::getServiceDescriptor)
                .map(ServiceDescriptor::getMethods)
                .flatMap(Collection::stream)
                .map(MethodDescriptor::getFullMethodName)
                .filter(name -> !rules.containsKey(name))
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no access rule for " + String.join(", ", missing)
                    + "; add them to " + AccessPolicy.class.getName());
        }
    }

    /**
     * Why {@code caller} may not send {@code request} to a method with {@code rule}, or empty when it may.
     * The reason names the caller, the missing role and the gallery.
     */
    Optional<String> denial(Caller caller, Rule rule, Object request) {
        if (rule.anyOf().isEmpty()) {
            return Optional.empty();
        }
        String roles = EnumSet.copyOf(rule.anyOf()).stream().map(Role::label).collect(Collectors.joining(" or "));
        List<String> galleries = rule.galleriesOf().apply(request);
        if (galleries.isEmpty()) {
            return rule.anyOf().stream().anyMatch(caller::holdsAnywhere) ? Optional.empty()
                    : Optional.of("caller " + caller.describe() + " lacks the " + roles + " role on any gallery");
        }
        for (String gallery : galleries) {
            if (rule.anyOf().stream().noneMatch(role -> caller.holds(role, gallery))) {
                return Optional.of("caller " + caller.describe() + " lacks the " + roles + " role on gallery '"
                        + gallery + "'");
            }
        }
        return Optional.empty();
    }
}
