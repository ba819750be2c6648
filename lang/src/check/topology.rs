//! Topology: how inputs, transforms, routes and outputs connect, and the
//! event types that flow along the edges.
//!
//! - An `input` has no upstream. A transform, route or output reads from
//!   inputs, transforms, `route.lane` or `transform.lane` (E0601 for an
//!   unknown name, E0603 for an output, function or constant, or a route
//!   without a lane, E0207 for an unknown lane, E0208 for an upstream listed
//!   twice). A transform's lanes are the names in its `emit` statements; its
//!   plain name carries the events that finish it without `emit`.
//! - Routes try their lanes in order; the first whose condition is true
//!   takes the event; a lane `_ = true` catches the rest; events matching no
//!   lane are dropped. Lane conditions read the event but cannot change it,
//!   so every lane carries the route's input type.
//! - Cycles are E0602, with a label on each node of the cycle.
//! - Inputs, transforms, transform lanes and route lanes that nothing reads
//!   are W0101 (an output is never unused).
//!
//! Event types: `file`, `stdin`, `syslog` and `generator` inputs produce the
//! closed `object{message: string}`; `http`, `kafka` and `kubernetes` inputs
//! produce `object{message: string, ..any}` (more fields may be present).
//! Metadata (`%`) is an open object of `any`. A node receives the union of
//! its upstreams' lanes.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

use crate::ast::{DeclKind, Expr, Ident, Lane, OptionValue, Options, PathRoot, Upstream};
use crate::diag::{Code, Diagnostic};
use crate::schema::Role;
use crate::span::Span;
use crate::types::Type;

use super::scope::{GlobalKind, did_you_mean};
use super::visit::{Visit, walk_expr};
use super::{Body, Checker, Context, Edge, Node, NodeKind, NodeOutput};

/// The pipeline graph while checking; indices are main-file declaration order.
pub(super) struct Graph {
    nodes: Vec<GraphNode>,
    /// Graph indices in topological order.
    order: Vec<usize>,
}

struct GraphNode {
    name: Ident,
    kind: NodeKind,
    decl: usize,
    upstreams: Vec<(usize, Option<String>)>,
    /// Route lanes, or a transform's `emit` lanes, with their spans.
    lanes: Vec<(String, Span)>,
    read_plain: bool,
    read_lanes: Vec<String>,
    /// False for a second declaration of a name (E0201), which nothing can read.
    reachable: bool,
    /// Set after checking: a transform some of whose events finish without `emit`.
    has_plain: bool,
}

impl<'a> Checker<'a> {
    /// Builds the graph: resolves upstreams, finds cycles, orders nodes.
    pub(super) fn resolve_topology(&mut self) -> Graph {
        let mut graph = self.collect_nodes();
        let by_name: HashMap<String, usize> = graph
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.reachable)
            .map(|(i, n)| (n.name.name.clone(), i))
            .collect();
        for i in 0..graph.nodes.len() {
            let Some(upstreams) = self.upstreams_of(graph.nodes[i].decl) else { continue };
            let mut seen: Vec<&Upstream> = Vec::new();
            for upstream in upstreams {
                if let Some(first) = seen.iter().find(|u| same_upstream(u, upstream)) {
                    self.duplicate_upstream(upstream, first.span);
                    continue;
                }
                seen.push(upstream);
                if let Some(edge) = self.resolve_upstream(&mut graph, &by_name, upstream) {
                    graph.nodes[i].upstreams.push(edge);
                }
            }
        }
        self.report_cycles(&graph);
        graph.order = topological_order(&graph);
        graph
    }

    fn collect_nodes(&mut self) -> Graph {
        let mut nodes = Vec::new();
        let modules = self.modules;
        let Some(main) = modules.first() else { return Graph { nodes, order: Vec::new() } };
        for (decl, d) in main.program.decls.iter().enumerate() {
            let (name, kind, lanes) = match &d.kind {
                DeclKind::Input { name, .. } => (name, NodeKind::Input, Vec::new()),
                DeclKind::Output { name, .. } => (name, NodeKind::Output, Vec::new()),
                DeclKind::Transform { name, body, .. } => {
                    (name, NodeKind::Transform, Self::emitted_lanes(body))
                }
                DeclKind::Route { name, lanes, .. } => {
                    (name, NodeKind::Route, self.route_lanes(lanes))
                }
                _ => continue,
            };
            let reachable = self
                .globals
                .get(&name.name)
                .is_some_and(|g| g.decl.index == decl && g.decl.module == 0);
            nodes.push(GraphNode {
                name: name.clone(),
                kind,
                decl,
                upstreams: Vec::new(),
                lanes,
                read_plain: false,
                read_lanes: Vec::new(),
                reachable,
                has_plain: kind != NodeKind::Transform,
            });
        }
        Graph { nodes, order: Vec::new() }
    }

    /// A route's lanes, E0208 for a lane declared twice.
    fn route_lanes(&mut self, lanes: &[Lane]) -> Vec<(String, Span)> {
        let mut out: Vec<(String, Span)> = Vec::new();
        for lane in lanes {
            if let Some((_, first)) = out.iter().find(|(n, _)| *n == lane.name.name) {
                let diag = Diagnostic::new(
                    Code::DuplicateItem,
                    lane.name.span,
                    format!("duplicate lane `{}`", lane.name.name),
                )
                .with_secondary(*first, "first declared here");
                self.report_in(0, diag);
                continue;
            }
            out.push((lane.name.name.clone(), lane.name.span));
        }
        out
    }

    fn upstreams_of(&self, decl: usize) -> Option<&'a [Upstream]> {
        let modules: &'a [super::Module] = self.modules;
        match &modules.first()?.program.decls.get(decl)?.kind {
            DeclKind::Transform { upstreams, .. }
            | DeclKind::Route { upstreams, .. }
            | DeclKind::Output { upstreams, .. } => Some(upstreams),
            _ => None,
        }
    }

    fn duplicate_upstream(&mut self, upstream: &Upstream, first: Span) {
        let diag = Diagnostic::new(
            Code::DuplicateItem,
            upstream.span,
            format!("upstream `{}` is listed twice", self.text_in(0, upstream.span)),
        )
        .with_secondary(first, "first listed here");
        self.report_in(0, diag);
    }

    fn text_in(&self, module: usize, span: Span) -> &str {
        self.modules.get(module).and_then(|m| m.text.get(span.range())).unwrap_or("")
    }

    /// The edge an upstream names, reporting what is wrong with it.
    fn resolve_upstream(
        &mut self,
        graph: &mut Graph,
        by_name: &HashMap<String, usize>,
        upstream: &Upstream,
    ) -> Option<(usize, Option<String>)> {
        let name = &upstream.node;
        let Some(&from) = by_name.get(&name.name) else {
            self.not_a_node(upstream);
            return None;
        };
        let node = graph.nodes.get_mut(from)?;
        let lane = upstream.lane.as_ref();
        if let Some(diag) = upstream_problem(node, upstream) {
            self.report_in(0, diag);
            // The node is meant to be read: one mistake, one diagnostic.
            node.read_plain = true;
            node.read_lanes = node.lanes.iter().map(|(l, _)| l.clone()).collect();
            return None;
        }
        match lane {
            Some(lane) => node.read_lanes.push(lane.name.clone()),
            None => node.read_plain = true,
        }
        Some((from, lane.map(|l| l.name.clone())))
    }

    /// E0601 or E0603 for an upstream that names no node.
    fn not_a_node(&mut self, upstream: &Upstream) {
        let name = &upstream.node;
        if self.unparsed.names.contains(&name.name) {
            return;
        }
        if let Some(global) = self.globals.get(&name.name) {
            let message =
                format!("`{}` is {}; it produces no events", name.name, global.kind.article_name());
            let diag = Diagnostic::new(Code::InvalidUpstream, upstream.span, message)
                .with_help("read from an input, a transform or a route lane");
            self.report_in(0, diag);
            return;
        }
        let kinds = [GlobalKind::Input, GlobalKind::Transform, GlobalKind::Route];
        let suggestion = did_you_mean(&name.name, self.globals.names_of(&kinds));
        let mut diag = Diagnostic::new(
            Code::UnknownUpstream,
            name.span,
            format!("unknown upstream `{}`", name.name),
        )
        .with_label("no input, transform or route has this name");
        if let Some(s) = suggestion {
            diag = diag.with_help(format!("did you mean `{s}`?"));
        }
        self.report_in(0, diag);
    }

    /// E0602 for every cycle, labelling each node on it.
    fn report_cycles(&mut self, graph: &Graph) {
        let downstream = downstream_edges(graph);
        for component in sccs(&downstream) {
            let Some(&first) = component.iter().min() else { continue };
            let self_loop = downstream.get(first).is_some_and(|d| d.contains(&first));
            if component.len() < 2 && !self_loop {
                continue;
            }
            let cycle = cycle_through(first, &component, &downstream);
            let names: Vec<&str> = cycle
                .iter()
                .filter_map(|&i| graph.nodes.get(i))
                .map(|n| n.name.name.as_str())
                .collect();
            let Some(start) = graph.nodes.get(first) else { continue };
            let mut diag = Diagnostic::new(
                Code::Cycle,
                start.name.span,
                format!("cycle in the pipeline: `{}`", names.join("` -> `")),
            )
            .with_label("the cycle starts here")
            .with_help("events must flow from inputs to outputs; remove one of these upstreams");
            for &i in cycle.iter().skip(1) {
                if let Some(node) = graph.nodes.get(i).filter(|_| i != first) {
                    diag = diag.with_secondary(node.name.span, "on the cycle");
                }
            }
            self.report_in(0, diag);
        }
    }

    /// Checks every node in topological order; the nodes for [`super::Checked`].
    pub(super) fn check_nodes(&mut self, graph: &mut Graph) -> Vec<Node> {
        let mut outputs: Vec<Option<Vec<NodeOutput>>> = vec![None; graph.nodes.len()];
        let mut nodes = Vec::with_capacity(graph.nodes.len());
        let position: HashMap<usize, usize> =
            graph.order.iter().enumerate().map(|(pos, &i)| (i, pos)).collect();
        for &i in &graph.order.clone() {
            let input_type = input_type_of(&graph.nodes[i], &outputs);
            let (node_input, node_outputs) = self.check_node(&mut graph.nodes[i], input_type);
            let g = &graph.nodes[i];
            nodes.push(Node {
                name: g.name.name.clone(),
                kind: g.kind,
                component: self.component_of(g.decl),
                decl: g.decl,
                upstreams: g
                    .upstreams
                    .iter()
                    .filter_map(|(u, lane)| {
                        Some(Edge { node: *position.get(u)?, lane: lane.clone() })
                    })
                    .collect(),
                lanes: g.lanes.iter().map(|(l, _)| l.clone()).collect(),
                input_type: node_input,
                outputs: node_outputs.clone(),
            });
            outputs[i] = Some(node_outputs);
        }
        nodes
    }

    fn component_of(&self, decl: usize) -> Option<String> {
        match &self.modules.first()?.program.decls.get(decl)?.kind {
            DeclKind::Input { kind, .. } | DeclKind::Output { kind, .. } => Some(kind.name.clone()),
            _ => None,
        }
    }

    /// Checks one node; its input type and its outputs.
    fn check_node(&mut self, node: &mut GraphNode, input: Type) -> (Type, Vec<NodeOutput>) {
        let modules = self.modules;
        let Some(decl) = modules.first().and_then(|m| m.program.decls.get(node.decl)) else {
            return (input, Vec::new());
        };
        match &decl.kind {
            DeclKind::Input { kind, options, .. } => {
                self.validate_options(Role::Input, kind, options);
                let ty = input_event_type(&kind.name);
                (ty.clone(), vec![NodeOutput { lane: None, ty }])
            }
            DeclKind::Output { kind, options, .. } => {
                self.validate_options(Role::Output, kind, options);
                (input, Vec::new())
            }
            DeclKind::Transform { body, .. } => {
                let outputs = self.check_transform(node, body, &input);
                (input, outputs)
            }
            DeclKind::Route { lanes, .. } => {
                let outputs = self.check_route(node, lanes, &input);
                (input, outputs)
            }
            _ => (input, Vec::new()),
        }
    }

    fn check_transform(
        &mut self,
        node: &mut GraphNode,
        body: &crate::ast::Block,
        input: &Type,
    ) -> Vec<NodeOutput> {
        let fresh = Body::new(0, Context::Transform, input.clone());
        let (_, done) = self.with_body(fresh, |ck| {
            ck.block_value(body);
        });
        let mut outputs = Vec::new();
        if !done.flow.diverged {
            outputs.push(NodeOutput { lane: None, ty: done.flow.event.clone() });
        }
        node.has_plain = !done.flow.diverged;
        for (lane, _) in &node.lanes {
            let ty = done
                .emits
                .iter()
                .find(|(l, _)| l == lane)
                .map_or_else(super::shape::never, |(_, t)| t.clone());
            outputs.push(NodeOutput { lane: Some(lane.clone()), ty });
        }
        outputs
    }

    fn check_route(&mut self, node: &GraphNode, lanes: &[Lane], input: &Type) -> Vec<NodeOutput> {
        for lane in lanes {
            let fresh = Body::new(0, Context::Route, input.clone());
            self.with_body(fresh, |ck| ck.condition(&lane.cond));
        }
        node.lanes
            .iter()
            .map(|(lane, _)| NodeOutput { lane: Some(lane.clone()), ty: input.clone() })
            .collect()
    }

    /// Validates an input's or output's options against its schema, and
    /// marks the constants they use.
    fn validate_options(&mut self, role: Role, kind: &Ident, options: &Options) {
        self.mark_option_consts(options, 0);
        let diags =
            crate::schema::validate(role, kind, options, &|name: &str| self.const_expr(name));
        for diag in diags {
            self.report_in(0, diag);
        }
    }

    fn mark_option_consts(&mut self, options: &Options, depth: usize) {
        if depth > 32 {
            return;
        }
        for entry in &options.entries {
            match &entry.value {
                OptionValue::Expr(expr) => {
                    let mut names = Vec::new();
                    walk_expr(expr, &mut |v| {
                        if let Visit::Expr(Expr { kind: crate::ast::ExprKind::Path(p), .. }) = v
                            && let PathRoot::Var(ident) = &p.root
                        {
                            names.push(ident.name.clone());
                        }
                    });
                    for name in names {
                        self.globals.mark_used(&name);
                    }
                }
                OptionValue::Block(nested) => self.mark_option_consts(nested, depth + 1),
            }
        }
    }

    /// The expression of the constant `name`, for option validation.
    fn const_expr(&self, name: &str) -> Option<&Expr> {
        let id = *self.const_ids.get(name)?;
        let decl = self.consts.get(id)?.decl;
        match &self.modules.get(decl.module)?.program.decls.get(decl.index)?.kind {
            DeclKind::Const { value, .. } => Some(value),
            _ => None,
        }
    }

    /// W0101 for nodes and lanes nothing reads, and unused functions and constants.
    pub(super) fn report_unused(&mut self, graph: &Graph) {
        for node in graph.nodes.iter().filter(|n| n.reachable) {
            let name = &node.name.name;
            if !node.read_plain && node.has_plain {
                let message = match node.kind {
                    NodeKind::Input => Some(format!("nothing reads input `{name}`")),
                    NodeKind::Transform if node.lanes.is_empty() => {
                        Some(format!("nothing reads transform `{name}`"))
                    }
                    NodeKind::Transform => Some(format!(
                        "nothing reads transform `{name}`: events that finish it without `emit` are discarded"
                    )),
                    NodeKind::Route | NodeKind::Output => None,
                };
                if let Some(message) = message {
                    let diag = Diagnostic::new(Code::Unused, node.name.span, message).with_help(
                        format!("read it from a transform, route or output: `<- {name}`"),
                    );
                    self.report_in(0, diag);
                }
            }
            for (lane, span) in node.lanes.iter().filter(|(l, _)| !node.read_lanes.contains(l)) {
                let what = if node.kind == NodeKind::Route { "route lane" } else { "lane" };
                let diag = Diagnostic::new(
                    Code::Unused,
                    *span,
                    format!("nothing reads {what} `{name}.{lane}`"),
                )
                .with_help(format!("read it with `<- {name}.{lane}`, or remove it"));
                self.report_in(0, diag);
            }
        }
        self.report_unused_items();
    }
}

/// What is wrong with reading `node` as `upstream` says (E0603, E0207).
fn upstream_problem(node: &GraphNode, upstream: &Upstream) -> Option<Diagnostic> {
    let name = &upstream.node.name;
    let (code, message, help) = match (node.kind, upstream.lane.as_ref()) {
        (NodeKind::Output, _) => {
            (Code::InvalidUpstream, format!("`{name}` is an output; it produces no events"), None)
        }
        (NodeKind::Route, None) => (
            Code::InvalidUpstream,
            format!("route `{name}` is read one lane at a time"),
            node.lanes.first().map(|(l, _)| format!("name a lane, for example `{name}.{l}`")),
        ),
        (NodeKind::Input, Some(lane)) => (
            Code::UnknownLane,
            format!("input `{name}` has no lanes (found `.{}`)", lane.name),
            None,
        ),
        (NodeKind::Route | NodeKind::Transform, Some(lane))
            if !node.lanes.iter().any(|(l, _)| *l == lane.name) =>
        {
            let what = if node.kind == NodeKind::Route { "route" } else { "transform" };
            let suggestion = did_you_mean(&lane.name, node.lanes.iter().map(|(l, _)| l.as_str()));
            (
                Code::UnknownLane,
                format!("{what} `{name}` has no lane `{}`", lane.name),
                suggestion.map(|s| format!("did you mean `{name}.{s}`?")),
            )
        }
        _ => return None,
    };
    let span = match (code, upstream.lane.as_ref()) {
        (Code::UnknownLane, Some(lane)) => lane.span,
        _ => upstream.span,
    };
    let diag = Diagnostic::new(code, span, message);
    Some(match help {
        Some(help) => diag.with_help(help),
        None => diag,
    })
}

/// The union of the upstream lanes' types (an open object when unknown).
fn input_type_of(node: &GraphNode, outputs: &[Option<Vec<NodeOutput>>]) -> Type {
    let mut ty: Option<Type> = None;
    for (upstream, lane) in &node.upstreams {
        let lane_ty = outputs
            .get(*upstream)
            .and_then(|o| o.as_ref())
            .and_then(|o| o.iter().find(|out| out.lane == *lane))
            .map_or_else(Type::object, |out| out.ty.clone());
        ty = Some(match ty {
            Some(t) => t.union(&lane_ty),
            None => lane_ty,
        });
    }
    ty.unwrap_or_else(Type::object)
}

/// The events an input of this kind produces.
fn input_event_type(kind: &str) -> Type {
    let message = BTreeMap::from([("message".to_string(), Type::string())]);
    match kind {
        "file" | "stdin" | "syslog" | "generator" => Type::object_with(message, None),
        "http" | "kafka" | "kubernetes" => Type::object_with(message, Some(Type::any())),
        _ => Type::object(),
    }
}

fn same_upstream(a: &Upstream, b: &Upstream) -> bool {
    a.node.name == b.node.name
        && a.lane.as_ref().map(|l| &l.name) == b.lane.as_ref().map(|l| &l.name)
}

/// For each node, the nodes that read from it.
fn downstream_edges(graph: &Graph) -> Vec<Vec<usize>> {
    let mut edges = vec![Vec::new(); graph.nodes.len()];
    for (i, node) in graph.nodes.iter().enumerate() {
        for (upstream, _) in &node.upstreams {
            if let Some(list) = edges.get_mut(*upstream)
                && !list.contains(&i)
            {
                list.push(i);
            }
        }
    }
    edges
}

/// Kahn's algorithm, ties broken by declaration order; nodes on cycles last.
fn topological_order(graph: &Graph) -> Vec<usize> {
    let downstream = downstream_edges(graph);
    let mut indegree = vec![0usize; graph.nodes.len()];
    for list in &downstream {
        for &d in list {
            indegree[d] += 1;
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> =
        (0..graph.nodes.len()).filter(|&i| indegree[i] == 0).map(Reverse).collect();
    let mut order = Vec::with_capacity(graph.nodes.len());
    let mut placed = vec![false; graph.nodes.len()];
    while let Some(Reverse(i)) = ready.pop() {
        order.push(i);
        placed[i] = true;
        for &d in &downstream[i] {
            indegree[d] -= 1;
            if indegree[d] == 0 {
                ready.push(Reverse(d));
            }
        }
    }
    order.extend((0..graph.nodes.len()).filter(|&i| !placed[i]));
    order
}

/// Strongly connected components (Tarjan, iterative), each sorted, in
/// reverse topological order: a component comes after every component it
/// has an edge to.
pub(super) fn sccs(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut on_stack) = (vec![UNSEEN; n], vec![0; n], vec![false; n]);
    let (mut stack, mut out, mut next) = (Vec::new(), Vec::new(), 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some((v, i)) = work.last().copied() {
            if let Some(&w) = edges[v].get(i) {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                if w >= n {
                    continue;
                }
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                out.push(component);
            }
        }
    }
    out
}

/// A shortest cycle from `start` back to itself inside `component`:
/// `[start, ..., start]`.
pub(super) fn cycle_through(start: usize, component: &[usize], edges: &[Vec<usize>]) -> Vec<usize> {
    let mut previous: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in edges.get(v).map_or(&[][..], Vec::as_slice) {
            if !component.contains(&w) {
                continue;
            }
            if w == start {
                let mut middle = Vec::new();
                let mut at = v;
                while at != start && middle.len() <= component.len() {
                    middle.push(at);
                    at = previous.get(&at).copied().unwrap_or(start);
                }
                middle.reverse();
                return [vec![start], middle, vec![start]].concat();
            }
            if !previous.contains_key(&w) && w != start {
                previous.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    vec![start, start]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sccs_find_cycles_and_order_dependencies_first() {
        // 0 -> 1 -> 2 -> 1, 3 alone.
        let edges = vec![vec![1], vec![2], vec![1], vec![]];
        let components = sccs(&edges);
        assert_eq!(components, vec![vec![1, 2], vec![0], vec![3]]);
    }

    #[test]
    fn cycle_through_returns_a_closed_path() {
        let edges = vec![vec![1], vec![2], vec![0]];
        assert_eq!(cycle_through(0, &[0, 1, 2], &edges), vec![0, 1, 2, 0]);
    }
}
