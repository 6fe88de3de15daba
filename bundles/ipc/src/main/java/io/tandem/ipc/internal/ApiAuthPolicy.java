package io.tandem.ipc.internal;

import io.tandem.ipc.spi.PeerCredentials;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Heartbeat's {@code apiauth} rule applied to a socket peer: root (unless turned off), any listed user (by
 * name or uid), and any member of a listed group (by name or gid; primary or supplementary) may connect.
 */
final class ApiAuthPolicy implements PeerPolicy {
    private final boolean allowRoot;
    private final Set<String> users;
    private final Set<String> groups;
    private final UserDatabase database;

    /**
     * @param users user names or numeric uids
     * @param groups group names or numeric gids
     */
    ApiAuthPolicy(boolean allowRoot, Set<String> users, Set<String> groups, UserDatabase database) {
        this.allowRoot = allowRoot;
        this.users = Set.copyOf(users);
        this.groups = Set.copyOf(groups);
        this.database = database;
    }

    /**
     * Builds the policy from configuration: the user and group lists plus ha.cf-style {@code apiauth} lines
     * ({@code [apiauth] CLIENT [uid=U1,U2] [gid=G1,G2]}; the client name is accepted and ignored, since
     * every client of this socket is trusted alike).
     *
     * @throws IllegalArgumentException naming the property, entry and field that is wrong
     */
    static ApiAuthPolicy fromConfig(boolean allowRoot, String[] allowedUsers, String[] allowedGroups, String[] apiAuth,
                                    UserDatabase database) {
        Set<String> users = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        addAll(users, allowedUsers, "allowedUsers");
        addAll(groups, allowedGroups, "allowedGroups");
        for (int i = 0; apiAuth != null && i < apiAuth.length; i++) {
            List<String> tokens = new ArrayList<>(List.of(apiAuth[i].trim().split("\\s+")));
            if (!tokens.isEmpty() && tokens.get(0).equals("apiauth")) {
                tokens.remove(0);
            }
            if (tokens.isEmpty() || tokens.get(0).isEmpty() || tokens.get(0).contains("=")) {
                throw new IllegalArgumentException("apiAuth[" + i + "] '" + apiAuth[i] + "': expected 'apiauth CLIENT uid=... gid=...'");
            }
            for (String token : tokens.subList(1, tokens.size())) {
                if (token.startsWith("uid=")) {
                    addAll(users, token.substring(4).split(","), "apiAuth[" + i + "] uid");
                } else if (token.startsWith("gid=")) {
                    addAll(groups, token.substring(4).split(","), "apiAuth[" + i + "] gid");
                } else {
                    throw new IllegalArgumentException("apiAuth[" + i + "] '" + apiAuth[i] + "': unknown field '" + token
                            + "' (only uid= and gid=)");
                }
            }
        }
        return new ApiAuthPolicy(allowRoot, users, groups, database);
    }

    private static void addAll(Set<String> target, String[] names, String field) {
        for (String name : names == null ? new String[0] : names) {
            String n = name.trim();
            if (n.isEmpty() || n.chars().anyMatch(Character::isWhitespace) || n.contains(":")) {
                throw new IllegalArgumentException(field + ": invalid user or group '" + name + "'");
            }
            target.add(n);
        }
    }

    @Override
    public Optional<String> refusal(PeerCredentials peer) {
        if (peer.isRoot() && allowRoot) {
            return Optional.empty();
        }
        Optional<String> userName = database.userName(peer.uid());
        if (users.contains(Integer.toString(peer.uid())) || userName.filter(users::contains).isPresent()) {
            return Optional.empty();
        }
        Set<Integer> peerGroups = database.groupsOf(peer.pid(), peer.uid(), peer.gid());
        for (int gid : peerGroups) {
            if (groups.contains(Integer.toString(gid)) || database.groupName(gid).filter(groups::contains).isPresent()) {
                return Optional.empty();
            }
        }
        String who = "uid " + peer.uid() + userName.map(n -> " (" + n + ")").orElse("") + ", groups "
                + peerGroups.stream().map(g -> g + database.groupName(g).map(n -> "(" + n + ")").orElse(""))
                        .collect(Collectors.joining(","));
        return Optional.of("permission denied: " + who + " is " + (allowRoot ? "not root, " : "")
                + "not an allowed user " + users + " and not in an allowed group " + groups);
    }
}
