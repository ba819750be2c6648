//! Fusion: every linear chain of transforms and routes between a fan-in and
//! a fan-out point runs as one function per event, which parses,
//! transforms, filters and routes it with no copy of the event in between.
//!
//! A chain is a maximal sequence `n1 -> n2 -> .. -> nk` where each `ni`
//! before the last is a transform whose one reader is `n(i+1)`, reading its
//! plain output, and `n(i+1)` reads nothing else. So a route ends a chain
//! (its lanes fan out), as does a node read twice or by an output, and a
//! node with two upstreams starts one. Every transform and route belongs to
//! exactly one chain; a chain may be one node.
//!
//! Running a chain on an event gives a [`ChainOutcome`]: the outcome of the
//! node where the event left the chain, and that node's position in it.
//! The nodes before it each received the event and sent it on, so per-node
//! counts and the dead-letter queue (which names the node) stay exact.

use lgp_lang::check::typed::{Checked, NodeId, NodeKind};

use crate::interp::Outcome;

/// A chain's index in [`Fusion::chains`].
pub type ChainId = usize;

/// Nodes that run as one function, in the order events pass them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    /// Transforms, possibly ending with a route; never empty.
    pub nodes: Vec<NodeId>,
}

impl Chain {
    /// The node events enter the chain by.
    pub fn head(&self) -> Option<NodeId> {
        self.nodes.first().copied()
    }

    /// The node whose readers get the events that finish the chain.
    pub fn tail(&self) -> Option<NodeId> {
        self.nodes.last().copied()
    }

    /// The node at `stage`, as a [`ChainOutcome`] names it.
    pub fn node(&self, stage: usize) -> Option<NodeId> {
        self.nodes.get(stage).copied()
    }

    /// The fused function's name: its nodes' names joined by `+`.
    pub fn name(&self, checked: &Checked) -> String {
        let names: Vec<&str> = self
            .nodes
            .iter()
            .map(|id| checked.nodes.get(*id).map_or("?", |n| n.name.as_str()))
            .collect();
        names.join("+")
    }
}

/// Where a node sits: its chain and its position in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub chain: ChainId,
    pub stage: usize,
}

/// A program's transforms and routes grouped into chains.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fusion {
    /// In order of their heads, which is topological.
    pub chains: Vec<Chain>,
    /// One per node of `checked.nodes`; `None` for inputs and outputs.
    pub places: Vec<Option<Place>>,
}

/// What happened to one event in a chain.
#[derive(Clone, Debug, PartialEq)]
pub struct ChainOutcome {
    /// The position in [`Chain::nodes`] of the node where the event left
    /// the chain: it finished the last node, was emitted to a lane, dropped
    /// or aborted there. Every node before it received the event and sent
    /// it on to the next.
    pub stage: usize,
    pub outcome: Outcome,
}

impl Fusion {
    /// The maximal chains of `checked`'s topology.
    pub fn of(checked: &Checked) -> Fusion {
        let next = links(checked);
        let mut has_previous = vec![false; next.len()];
        for successor in next.iter().flatten() {
            if let Some(flag) = has_previous.get_mut(*successor) {
                *flag = true;
            }
        }
        let mut fusion = Fusion::empty(checked);
        for (id, linked) in has_previous.iter().enumerate() {
            if is_code(checked, id) && !linked {
                fusion.push(follow(&next, id));
            }
        }
        // Only a cycle of links could leave a node out, and the checker
        // rejects cycles; still, every node gets a chain.
        fusion.place_the_rest(checked);
        fusion
    }

    /// Every transform and route as a chain of its own: the node-by-node
    /// execution, for tests and for engines that trace every node.
    pub fn unfused(checked: &Checked) -> Fusion {
        let mut fusion = Fusion::empty(checked);
        fusion.place_the_rest(checked);
        fusion
    }

    /// Where node `node` sits, `None` for inputs and outputs.
    pub fn place(&self, node: NodeId) -> Option<Place> {
        self.places.get(node).copied().flatten()
    }

    pub fn chain(&self, chain: ChainId) -> Option<&Chain> {
        self.chains.get(chain)
    }

    /// The chain that node `node` heads, if it heads one.
    pub fn headed_by(&self, node: NodeId) -> Option<ChainId> {
        self.place(node).filter(|place| place.stage == 0).map(|place| place.chain)
    }

    fn empty(checked: &Checked) -> Fusion {
        Fusion { chains: Vec::new(), places: vec![None; checked.nodes.len()] }
    }

    fn push(&mut self, nodes: Vec<NodeId>) {
        let chain = self.chains.len();
        for (stage, node) in nodes.iter().enumerate() {
            if let Some(place) = self.places.get_mut(*node) {
                *place = Some(Place { chain, stage });
            }
        }
        self.chains.push(Chain { nodes });
    }

    fn place_the_rest(&mut self, checked: &Checked) {
        for id in 0..checked.nodes.len() {
            if is_code(checked, id) && self.place(id).is_none() {
                self.push(vec![id]);
            }
        }
    }
}

/// Whether node `id` is a transform or a route: a node with code.
fn is_code(checked: &Checked, id: NodeId) -> bool {
    checked.nodes.get(id).is_some_and(|n| matches!(n.kind, NodeKind::Transform | NodeKind::Route))
}

/// For each node, the node its events go on to within a chain, if any: a
/// transform whose one reader reads its plain output and nothing else.
fn links(checked: &Checked) -> Vec<Option<NodeId>> {
    let mut readers: Vec<Vec<(NodeId, bool)>> = vec![Vec::new(); checked.nodes.len()];
    for (id, node) in checked.nodes.iter().enumerate() {
        for edge in &node.upstreams {
            if let Some(list) = readers.get_mut(edge.node) {
                list.push((id, edge.lane.is_none()));
            }
        }
    }
    let transform =
        |id: NodeId| checked.nodes.get(id).is_some_and(|n| n.kind == NodeKind::Transform);
    let sole_upstream = |id: NodeId| checked.nodes.get(id).is_some_and(|n| n.upstreams.len() == 1);
    readers
        .iter()
        .enumerate()
        .map(|(id, list)| match list.as_slice() {
            [(reader, true)]
                if transform(id) && is_code(checked, *reader) && sole_upstream(*reader) =>
            {
                Some(*reader)
            }
            _ => None,
        })
        .collect()
}

/// The chain from `head` along `next`, bounded by the node count.
fn follow(next: &[Option<NodeId>], head: NodeId) -> Vec<NodeId> {
    let mut nodes = vec![head];
    let mut current = head;
    while let Some(Some(successor)) = next.get(current) {
        if nodes.len() > next.len() || nodes.contains(successor) {
            break;
        }
        nodes.push(*successor);
        current = *successor;
    }
    nodes
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoFiles;

    impl lgp_lang::check::Loader for NoFiles {
        fn load(&self, _from: &str, path: &str) -> Result<(String, String), String> {
            Err(format!("{path}: not found"))
        }
    }

    fn check(src: &str) -> Checked {
        let file = lgp_lang::SourceFile::new("t.lgp", src);
        let (program, mut diagnostics) = lgp_lang::parser::parse(src);
        let (checked, more) =
            lgp_lang::check::check(&file, &program, lgp_stdlib::registry(), &NoFiles);
        diagnostics.extend(more);
        let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{errors:?}\n{src}");
        checked
    }

    /// The chains of `src` as node names, `+`-joined.
    fn chains(src: &str) -> Vec<String> {
        let checked = check(src);
        let fusion = Fusion::of(&checked);
        for (id, node) in checked.nodes.iter().enumerate() {
            let placed = fusion.place(id).is_some();
            assert_eq!(placed, is_code(&checked, id), "{}", node.name);
        }
        fusion.chains.iter().map(|c| c.name(&checked)).collect()
    }

    #[test]
    fn a_straight_line_is_one_chain_ending_in_its_route() {
        let src = r#"
input app = stdin {}
transform a <- app { .a = 1 }
transform b <- a { .b = 2 }
route r <- b {
  big = .a > 0
  _ = true
}
transform c <- r.big { .c = 3 }
output o <- c, r._ = blackhole {}
"#;
        assert_eq!(chains(src), ["a+b+r", "c"]);
    }

    #[test]
    fn fan_out_ends_a_chain_and_each_branch_starts_one() {
        let src = r#"
input app = stdin {}
transform a <- app { .a = 1 }
transform b <- a { .b = 2 }
transform c <- a { .c = 3 }
transform d <- c { .d = 4 }
output o <- b, d = blackhole {}
"#;
        assert_eq!(chains(src), ["a", "b", "c+d"]);
    }

    #[test]
    fn fan_in_starts_a_chain() {
        let src = r#"
input x = stdin {}
input y = stdin {}
transform a <- x { .a = 1 }
transform b <- y { .b = 1 }
transform joined <- a, b { .j = 1 }
transform after <- joined { .k = 1 }
output o <- after = blackhole {}
"#;
        assert_eq!(chains(src), ["a", "b", "joined+after"]);
    }

    #[test]
    fn a_diamond_is_four_chains() {
        let src = r#"
input app = stdin {}
transform top <- app { .t = 1 }
route split <- top {
  left = .t == 1
  _ = true
}
transform left <- split.left { .l = 1 }
transform right <- split._ { .r = 1 }
transform bottom <- left, right { .b = 1 }
output o <- bottom = blackhole {}
"#;
        assert_eq!(chains(src), ["top+split", "left", "right", "bottom"]);
    }

    #[test]
    fn a_transform_read_by_an_output_and_a_transform_is_not_fused() {
        let src = r#"
input app = stdin {}
transform a <- app { .a = 1 }
transform b <- a { .b = 1 }
output raw <- a = blackhole {}
output o <- b = blackhole {}
"#;
        assert_eq!(chains(src), ["a", "b"]);
    }

    #[test]
    fn a_transform_read_on_an_emit_lane_is_not_fused() {
        let src = r#"
input app = stdin {}
transform a <- app {
  if .x == 1 { emit odd }
}
transform b <- a.odd { .b = 1 }
output o <- a, b = blackhole {}
"#;
        assert_eq!(chains(src), ["a", "b"]);
    }

    #[test]
    fn unfused_gives_every_node_its_own_chain() {
        let checked = check(
            "input app = stdin {}\ntransform a <- app { .a = 1 }\ntransform b <- a { .b = 1 }\noutput o <- b = blackhole {}\n",
        );
        let fusion = Fusion::unfused(&checked);
        let names: Vec<String> = fusion.chains.iter().map(|c| c.name(&checked)).collect();
        assert_eq!(names, ["a", "b"]);
        let b = checked.node_by_name("b").unwrap_or_default();
        assert_eq!(fusion.place(b), Some(Place { chain: 1, stage: 0 }));
        assert_eq!(Fusion::of(&checked).place(b), Some(Place { chain: 0, stage: 1 }));
        assert_eq!(Fusion::of(&checked).headed_by(b), None);
    }
}
