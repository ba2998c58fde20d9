//! Link density: text inside links, URLs, bare domains.

use super::tokens::ParaTokens;

#[derive(Debug, Clone, Default)]
pub struct Links {
    pub char_share: f32,
    pub url: f32,
    pub domain: f32,
    pub count: f32,
}

pub fn compute(p: &ParaTokens) -> Links {
    let c = &p.counts;
    Links {
        char_share: (p.link_chars as f32 / c.chars.max(1) as f32).min(1.0),
        url: (c.urls as f32).ln_1p(),
        domain: (c.domains as f32).ln_1p(),
        count: (p.link_count as f32).ln_1p(),
    }
}
