//! The trigger lexicon: words that state an event, with its PLOVER type and
//! mode and ACLED type and sub-type. One entry per surface form, each with
//! an example sentence; matching is on lower-case whole words, longest
//! entry first.
//!
//! PLOVER types follow the PLOVER/POLECAT ontology (`ASSAULT`, `CONSULT`,
//! `THREATEN`, …); modes follow its mode names where one applies (`aerial`,
//! `explosives`, `heavy-weapons`, `assassinate`, `abduct`, `visit`,
//! `troops`, `ceasefire`, `arrest`). ACLED types are filled only for
//! political violence, protests and strategic developments.

/// How a trigger word relates to the events it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// A verb or singular noun: one event.
    Single,
    /// A plural noun (`attacks`, `airstrikes`): a summary of many events.
    Plural,
    /// A casualty verb (`killed`, `wounded`): merged into an earlier
    /// `ASSAULT` trigger of the same sentence when there is one.
    Killed,
    /// As [`Form::Killed`], for injuries.
    Injured,
}

/// One lexicon entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Trigger {
    /// Lower-case words, space separated (`dropped bombs`).
    pub(crate) words: &'static str,
    pub(crate) plover_type: &'static str,
    pub(crate) plover_mode: Option<&'static str>,
    pub(crate) acled_type: Option<&'static str>,
    pub(crate) acled_subtype: Option<&'static str>,
    pub(crate) form: Form,
    /// Base confidence that the words state this event type.
    pub(crate) confidence: f64,
    /// A sentence the entry is meant for (checked by a test).
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "documentation, read by the lexicon test")
    )]
    pub(crate) example: &'static str,
}

const ER: Option<&str> = Some("Explosions/Remote violence");
const AIR: Option<&str> = Some("Air/drone strike");
const SHELLING: Option<&str> = Some("Shelling/artillery/missile attack");
const STRATEGIC: Option<&str> = Some("Strategic developments");

#[expect(
    clippy::too_many_arguments,
    reason = "one lexicon row per call reads as a table"
)]
const fn entry(
    words: &'static str,
    plover_type: &'static str,
    plover_mode: Option<&'static str>,
    acled_type: Option<&'static str>,
    acled_subtype: Option<&'static str>,
    form: Form,
    confidence: f64,
    example: &'static str,
) -> Trigger {
    Trigger {
        words,
        plover_type,
        plover_mode,
        acled_type,
        acled_subtype,
        form,
        confidence,
        example,
    }
}

use Form::{Injured, Killed, Plural, Single};

/// The built-in lexicon, one entry per line.
#[rustfmt::skip]
pub(crate) static TRIGGERS: &[Trigger] = &[
    // ASSAULT from the air.
    entry("airstrike", "ASSAULT", Some("aerial"), ER, AIR, Single, 0.85, "the US launched an airstrike in Baghdad"),
    entry("airstrikes", "ASSAULT", Some("aerial"), ER, AIR, Plural, 0.85, "US airstrikes targeted a training facility"),
    entry("air strike", "ASSAULT", Some("aerial"), ER, AIR, Single, 0.85, "an air strike hit the depot"),
    entry("air strikes", "ASSAULT", Some("aerial"), ER, AIR, Plural, 0.85, "air strikes hit the south"),
    entry("drone strike", "ASSAULT", Some("aerial"), ER, AIR, Single, 0.85, "a drone strike killed two commanders"),
    entry("drone strikes", "ASSAULT", Some("aerial"), ER, AIR, Plural, 0.85, "drone strikes continued overnight"),
    entry("drone attack", "ASSAULT", Some("aerial"), ER, AIR, Single, 0.8, "shelter from a possible drone attack"),
    entry("drone attacks", "ASSAULT", Some("aerial"), ER, AIR, Plural, 0.8, "drone attacks on the base"),
    entry("dropped bombs", "ASSAULT", Some("aerial"), ER, AIR, Single, 0.85, "fighter jets dropped bombs on an IRGC weapons storage facility"),
    entry("struck", "ASSAULT", Some("aerial"), ER, AIR, Single, 0.65, "US fighter jets struck two weapons and ammunition storage sites"),
    entry("strike", "ASSAULT", Some("aerial"), ER, AIR, Single, 0.55, "the strike frayed relations"),
    entry("strikes", "ASSAULT", Some("aerial"), ER, AIR, Plural, 0.55, "the strikes have degraded the group's stockpiles"),
    entry("striking", "ASSAULT", Some("aerial"), ER, AIR, Single, 0.55, "Israel intensified its operations, striking targets in the south"),
    // ASSAULT with explosives, rockets, missiles and artillery.
    entry("bombed", "ASSAULT", Some("explosives"), ER, None, Single, 0.7, "militants bombed the pipeline"),
    entry("bombing", "ASSAULT", Some("explosives"), ER, None, Single, 0.7, "a bombing at the market"),
    entry("bombings", "ASSAULT", Some("explosives"), ER, None, Plural, 0.7, "a wave of bombings"),
    entry("suicide bombing", "ASSAULT", Some("suicide-attack"), ER, Some("Suicide bomb"), Single, 0.85, "a suicide bombing at the checkpoint"),
    entry("car bomb", "ASSAULT", Some("explosives"), ER, Some("Remote explosive/landmine/IED"), Single, 0.8, "a car bomb exploded"),
    entry("roadside bomb", "ASSAULT", Some("explosives"), ER, Some("Remote explosive/landmine/IED"), Single, 0.8, "a roadside bomb hit the convoy"),
    entry("blast", "ASSAULT", Some("explosives"), ER, None, Single, 0.6, "an Oct. 17 blast at a Gaza hospital killed hundreds"),
    entry("explosion", "ASSAULT", Some("explosives"), ER, None, Single, 0.55, "Hamas blamed Israel for the explosion"),
    entry("explosions", "ASSAULT", Some("explosives"), ER, None, Plural, 0.55, "injuries from the explosions"),
    entry("exploded", "ASSAULT", Some("explosives"), ER, None, Single, 0.6, "a device exploded near the gate"),
    entry("rocket attack", "ASSAULT", Some("explosives"), ER, SHELLING, Single, 0.8, "a rocket attack on the base"),
    entry("rocket attacks", "ASSAULT", Some("explosives"), ER, SHELLING, Plural, 0.8, "rocket attacks on al-Asad"),
    entry("missile attack", "ASSAULT", Some("explosives"), ER, SHELLING, Single, 0.8, "a missile attack on Haifa"),
    entry("missile attacks", "ASSAULT", Some("explosives"), ER, SHELLING, Plural, 0.8, "missile attacks on shipping"),
    entry("missile strike", "ASSAULT", Some("explosives"), ER, SHELLING, Single, 0.8, "a missile strike on the port"),
    entry("fired rockets", "ASSAULT", Some("explosives"), ER, SHELLING, Single, 0.8, "militants fired rockets at the base"),
    entry("launched rockets", "ASSAULT", Some("explosives"), ER, SHELLING, Single, 0.8, "Hezbollah launched rockets at Israel"),
    entry("fired missiles", "ASSAULT", Some("explosives"), ER, SHELLING, Single, 0.8, "the Houthis fired missiles at ships"),
    entry("shelled", "ASSAULT", Some("heavy-weapons"), ER, SHELLING, Single, 0.75, "artillery shelled the border villages"),
    entry("shelling", "ASSAULT", Some("heavy-weapons"), ER, SHELLING, Single, 0.7, "shelling of the town continued"),
    entry("bombarded", "ASSAULT", Some("heavy-weapons"), ER, SHELLING, Single, 0.7, "Israel bombarded the suburbs"),
    entry("bombardment", "ASSAULT", Some("heavy-weapons"), ER, SHELLING, Single, 0.7, "a heavy bombardment of the south"),
    // ASSAULT, unspecified means.
    entry("attack", "ASSAULT", None, None, None, Single, 0.55, "the Oct. 7 Hamas attack"),
    entry("attacks", "ASSAULT", None, None, None, Plural, 0.55, "militants have launched 61 attacks on bases"),
    entry("attacked", "ASSAULT", None, None, None, Single, 0.6, "gunmen attacked the convoy"),
    entry("attacking", "ASSAULT", None, None, None, Single, 0.5, "militias attacking US facilities"),
    entry("assault", "ASSAULT", None, None, None, Single, 0.5, "the assault on the town"),
    entry("raid", "ASSAULT", None, None, None, Single, 0.55, "a raid on the camp"),
    entry("raided", "ASSAULT", None, None, None, Single, 0.6, "troops raided the village"),
    entry("retaliation", "ASSAULT", None, None, None, Single, 0.4, "threats of retaliation by Iran-backed groups"),
    entry("retaliate", "ASSAULT", None, None, None, Single, 0.4, "push the Americans not to retaliate"),
    entry("retaliated", "ASSAULT", None, None, None, Single, 0.5, "the US retaliated against the militias"),
    entry("killed", "ASSAULT", None, None, None, Killed, 0.6, "Israel's military response has killed thousands of civilians"),
    entry("killing", "ASSAULT", None, None, None, Killed, 0.55, "an airstrike in Baghdad, killing Gen. Qassem Soleimani"),
    entry("kills", "ASSAULT", None, None, None, Killed, 0.55, "a strike kills five"),
    entry("wounded", "ASSAULT", None, None, None, Injured, 0.5, "the blast wounded 12 people"),
    entry("wounding", "ASSAULT", None, None, None, Injured, 0.45, "a rocket hit the base, wounding two soldiers"),
    entry("injured", "ASSAULT", None, None, None, Injured, 0.5, "three soldiers were injured"),
    entry("assassinated", "ASSAULT", Some("assassinate"), None, None, Single, 0.8, "Israel assassinated the commander"),
    entry("assassination", "ASSAULT", Some("assassinate"), None, None, Single, 0.75, "the assassination of Hamas leader Ismail Haniyeh"),
    entry("assassinating", "ASSAULT", Some("assassinate"), None, None, Single, 0.75, "by assassinating Lebanon's Kamal Jumblatt"),
    entry("abducted", "ASSAULT", Some("abduct"), Some("Violence against civilians"), Some("Abduction/forced disappearance"), Single, 0.7, "gunmen abducted two aid workers"),
    entry("kidnapped", "ASSAULT", Some("abduct"), Some("Violence against civilians"), Some("Abduction/forced disappearance"), Single, 0.7, "militants kidnapped a researcher"),
    entry("battled", "ASSAULT", None, Some("Battles"), Some("Armed clash"), Single, 0.6, "militants have long battled with US and coalition forces"),
    entry("clashed", "ASSAULT", None, Some("Battles"), Some("Armed clash"), Single, 0.65, "fighters clashed with the army"),
    entry("clashes", "ASSAULT", None, Some("Battles"), Some("Armed clash"), Plural, 0.6, "clashes erupted at the border"),
    entry("fought", "ASSAULT", None, Some("Battles"), Some("Armed clash"), Single, 0.55, "militias fought ISIS"),
    entry("fighting", "ASSAULT", None, Some("Battles"), Some("Armed clash"), Single, 0.45, "proxies are dying while fighting against Israel"),
    entry("detonated", "ASSAULT", Some("explosives"), ER, Some("Remote explosive/landmine/IED"), Single, 0.7, "guerrillas detonated a car bomb outside a police station"),
    entry("blasts", "ASSAULT", Some("explosives"), ER, None, Plural, 0.55, "his involvement in the blasts"),
    entry("incursion", "ASSAULT", None, None, None, Single, 0.6, "Hamas' Oct. 7 incursion into Israel"),
    entry("invasion", "ASSAULT", None, None, None, Single, 0.55, "the 2003 US-led invasion of Iraq"),
    entry("murder", "ASSAULT", Some("assassinate"), None, None, Single, 0.5, "Sharon's murder of Sheikh Ahmed Yassin"),
    entry("assassinate", "ASSAULT", Some("assassinate"), None, None, Single, 0.7, "guerrillas threatened to assassinate the prime minister"),
    entry("kidnapping", "ASSAULT", Some("abduct"), Some("Violence against civilians"), Some("Abduction/forced disappearance"), Single, 0.6, "this kidnapping makes him look weak"),
    entry("behead", "ASSAULT", None, Some("Violence against civilians"), None, Single, 0.6, "guerrillas threaten to behead them"),
    entry("battle", "ASSAULT", None, Some("Battles"), Some("Armed clash"), Single, 0.45, "Hezbollah is now waging the battle alone against Israeli forces"),
    entry("battles", "ASSAULT", None, Some("Battles"), Some("Armed clash"), Plural, 0.45, "the battles and demonstrations were provoked by the assault on Fallujah"),
    entry("revenge", "ASSAULT", None, None, None, Single, 0.4, "promised immediate revenge against the coalition soldiers"),
    entry("retaliating", "ASSAULT", None, None, None, Single, 0.45, "it backs down from retaliating to Israeli strikes"),
    // CONSULT.
    entry("met", "CONSULT", None, None, None, Single, 0.6, "Sudani traveled to Tehran and met with Ali Khamenei"),
    entry("meet", "CONSULT", None, None, None, Single, 0.45, "the leaders will meet in Doha"),
    entry("meeting", "CONSULT", None, None, None, Single, 0.55, "Blinken, in a meeting with al-Sudani this month"),
    entry("talks", "CONSULT", None, None, None, Single, 0.5, "ready to hold talks on its nuclear program"),
    entry("negotiations", "CONSULT", None, None, None, Single, 0.45, "focused on negotiations with the United States"),
    entry("visited", "CONSULT", Some("visit"), None, None, Single, 0.55, "the envoy visited Beirut"),
    entry("traveled to", "CONSULT", Some("visit"), None, None, Single, 0.5, "Sudani then traveled to Tehran"),
    entry("travelled to", "CONSULT", Some("visit"), None, None, Single, 0.5, "the minister travelled to Cairo"),
    entry("visit", "CONSULT", Some("visit"), None, None, Single, 0.45, "during Blinken's visit to Baghdad"),
    // THREATEN.
    entry("warned", "THREATEN", None, None, None, Single, 0.55, "Blinken warned of consequences"),
    entry("warns", "THREATEN", None, None, None, Single, 0.55, "Iran warns Israel"),
    entry("threatened", "THREATEN", None, None, None, Single, 0.6, "the group threatened to strike US bases"),
    entry("threatens", "THREATEN", None, None, None, Single, 0.6, "Hezbollah threatens escalation"),
    entry("threat", "THREATEN", None, None, None, Single, 0.45, "the threat of a wider war"),
    entry("threats", "THREATEN", None, None, None, Plural, 0.45, "threats of retaliation by a range of Iran-backed groups"),
    entry("threaten", "THREATEN", None, None, None, Single, 0.55, "guerrillas threaten to behead them"),
    // ACCUSE.
    entry("accused", "ACCUSE", None, None, None, Single, 0.6, "Iran accused Israel of the attack"),
    entry("accuses", "ACCUSE", None, None, None, Single, 0.6, "Baghdad accuses Washington"),
    entry("blamed", "ACCUSE", None, None, None, Single, 0.6, "Hamas blamed Israel for the explosion"),
    entry("condemned", "ACCUSE", None, None, None, Single, 0.55, "the ministry condemned the strike"),
    entry("criticized", "ACCUSE", None, None, None, Single, 0.5, "critics criticized the response"),
    entry("criticised", "ACCUSE", None, None, None, Single, 0.5, "critics criticised the response"),
    entry("criticism", "ACCUSE", None, None, None, Single, 0.45, "the President has drawn criticism for his travel ban"),
    entry("critical of", "ACCUSE", None, None, None, Single, 0.5, "critics were critical of the attacks"),
    entry("blame", "ACCUSE", None, None, None, Single, 0.45, "the hostility that critics blame for denying them entry"),
    entry("condemns", "ACCUSE", None, None, None, Single, 0.55, "the council condemns the attack"),
    // REJECT.
    entry("denied", "REJECT", None, None, None, Single, 0.55, "Israel has denied it"),
    entry("denies", "REJECT", None, None, None, Single, 0.55, "the group denies involvement"),
    entry("rejected", "REJECT", None, None, None, Single, 0.55, "Tehran rejected the proposal"),
    entry("refused", "REJECT", None, None, None, Single, 0.5, "the militias refused to disarm"),
    entry("rejects", "REJECT", None, None, None, Single, 0.55, "which the Home Office today rejects"),
    entry("refusals", "REJECT", None, None, None, Plural, 0.5, "he received several refusals of his requests"),
    entry("turned down", "REJECT", None, None, None, Single, 0.55, "they were turned down both times"),
    entry("denying", "REJECT", None, None, None, Single, 0.45, "critics blame it for denying them entry"),
    // REQUEST.
    entry("demanded", "REQUEST", None, None, None, Single, 0.55, "protesters demanded the withdrawal of US forces"),
    entry("demands", "REQUEST", None, None, None, Plural, 0.5, "spawned demands for the withdrawal of all US forces"),
    entry("urged", "REQUEST", None, None, None, Single, 0.5, "the UN urged restraint"),
    entry("called on", "REQUEST", None, None, None, Single, 0.5, "Paris called on both sides to stop"),
    entry("called for", "REQUEST", None, None, None, Single, 0.5, "the council called for a ceasefire"),
    entry("request", "REQUEST", None, None, None, Single, 0.5, "the request of the Municipality of Livorno"),
    entry("requests", "REQUEST", None, None, None, Plural, 0.5, "YouTube is complying with the church's requests"),
    entry("requested", "REQUEST", None, None, None, Single, 0.5, "Rathbun requested donations"),
    entry("asked", "REQUEST", None, None, None, Single, 0.45, "Trump personally asked the National Security Council to help"),
    entry("asks", "REQUEST", None, None, None, Single, 0.45, "the party asks the regional government to act"),
    entry("asking", "REQUEST", None, None, None, Single, 0.45, "municipalities have started asking religious schools to pay"),
    entry("call for", "REQUEST", None, None, None, Single, 0.5, "they call for urgent implementation"),
    entry("calls for", "REQUEST", None, None, None, Plural, 0.5, "his urgent calls for mandatory iodised salt"),
    entry("recommends", "REQUEST", None, None, None, Single, 0.45, "the WHO recommends that every country should iodise salt"),
    entry("recommended", "REQUEST", None, None, None, Single, 0.45, "the UNHCR recommended it two years ago"),
    entry("recommendation", "REQUEST", None, None, None, Single, 0.45, "a World Health Organisation recommendation that all salt be iodised"),
    entry("encouraging", "REQUEST", None, None, None, Single, 0.4, "it is also encouraging citizens to ask for it"),
    entry("persuade", "REQUEST", None, None, None, Single, 0.4, "a campaign to persuade users to stop"),
    entry("urges", "REQUEST", None, None, None, Single, 0.5, "the UN urges restraint"),
    entry("pressure on", "REQUEST", None, None, None, Single, 0.45, "Sudani put great pressure on the militias"),
    // MOBILIZE.
    entry("deployed", "MOBILIZE", Some("troops"), STRATEGIC, None, Single, 0.6, "bases where troops are deployed to fight ISIS"),
    entry("moved warships", "MOBILIZE", Some("troops"), STRATEGIC, None, Single, 0.7, "the Biden administration has moved warships"),
    entry("moved troops", "MOBILIZE", Some("troops"), STRATEGIC, None, Single, 0.7, "Russia moved troops to the border"),
    entry("sent troops", "MOBILIZE", Some("troops"), STRATEGIC, None, Single, 0.7, "Turkey sent troops into Syria"),
    entry("sent warships", "MOBILIZE", Some("troops"), STRATEGIC, None, Single, 0.7, "the US sent warships to the region"),
    entry("dispatched", "MOBILIZE", Some("troops"), STRATEGIC, None, Single, 0.55, "the navy dispatched a carrier"),
    entry("mobilized", "MOBILIZE", Some("troops"), STRATEGIC, None, Single, 0.6, "Israel mobilized reservists"),
    entry("mobilised", "MOBILIZE", Some("troops"), STRATEGIC, None, Single, 0.6, "Israel mobilised reservists"),
    // PROTEST.
    entry("protested", "PROTEST", None, Some("Protests"), None, Single, 0.6, "students protested outside the embassy"),
    entry("protest", "PROTEST", None, Some("Protests"), None, Single, 0.5, "a protest in Tahrir Square"),
    entry("protests", "PROTEST", None, Some("Protests"), None, Plural, 0.5, "protests spread to Basra"),
    entry("protesters", "PROTEST", None, Some("Protests"), None, Plural, 0.5, "protesters stormed the compound"),
    entry("demonstrations", "PROTEST", None, Some("Protests"), None, Plural, 0.5, "demonstrations against the war"),
    entry("rallied", "PROTEST", None, Some("Protests"), None, Single, 0.4, "thousands rallied in Sanaa"),
    entry("demonstrators", "PROTEST", None, Some("Protests"), Some("Peaceful protest"), Plural, 0.5, "hundreds of demonstrators came out against US troops"),
    entry("demonstration", "PROTEST", None, Some("Protests"), Some("Peaceful protest"), Single, 0.5, "in Ramadi, there was a big demonstration"),
    entry("general strike", "PROTEST", None, Some("Protests"), Some("Peaceful protest"), Single, 0.6, "Fallujah was closed in a general strike"),
    // RETREAT.
    entry("withdrew", "RETREAT", Some("withdraw"), None, None, Single, 0.55, "the brigade withdrew from the town"),
    entry("withdrawn", "RETREAT", Some("withdraw"), None, None, Single, 0.5, "Iran appears to have withdrawn itself from the confrontation"),
    entry("withdrawal", "RETREAT", Some("withdraw"), None, None, Single, 0.45, "demands for the withdrawal of all US forces"),
    entry("ceasefire", "RETREAT", Some("ceasefire"), None, None, Single, 0.5, "a ceasefire took hold"),
    entry("truce", "RETREAT", Some("ceasefire"), None, None, Single, 0.5, "the truce collapsed"),
    entry("retreat", "RETREAT", None, None, None, Single, 0.45, "Tehran was making a tactical retreat"),
    entry("backs down", "RETREAT", None, None, None, Single, 0.5, "as it backs down from retaliating"),
    entry("backed down", "RETREAT", None, None, None, Single, 0.5, "the militia backed down"),
    // COERCE.
    entry("arrested", "COERCE", Some("arrest"), STRATEGIC, Some("Arrests"), Single, 0.6, "police arrested three suspects"),
    entry("detained", "COERCE", Some("arrest"), STRATEGIC, Some("Arrests"), Single, 0.55, "security forces detained the activist"),
    entry("arrest", "COERCE", Some("arrest"), STRATEGIC, Some("Arrests"), Single, 0.5, "issuing 28 arrest warrants"),
    entry("arrests", "COERCE", Some("arrest"), STRATEGIC, Some("Arrests"), Plural, 0.5, "the warrants for the arrests"),
    entry("charged", "COERCE", None, None, None, Single, 0.45, "Montalvo was charged with taking hard drives"),
    entry("seized", "COERCE", Some("seize"), None, None, Single, 0.5, "their computers seized"),
    entry("banning", "COERCE", None, None, None, Single, 0.45, "laws banning illegal migrants from claiming asylum"),
    entry("shut down", "COERCE", Some("censor"), None, None, Single, 0.4, "mailing lists have been shut down"),
    // SUPPORT.
    entry("backed", "SUPPORT", None, None, None, Single, 0.4, "he has backed the ongoing presence of American troops"),
    entry("supports", "SUPPORT", None, None, None, Single, 0.4, "Iran supports the government of Bashar al-Assad"),
    entry("endorsed", "SUPPORT", None, None, None, Single, 0.45, "the league endorsed the plan"),
    entry("support", "SUPPORT", None, None, None, Single, 0.35, "NASA tweeted support of Ahmed Mohamed"),
    entry("supported", "SUPPORT", None, None, None, Single, 0.4, "her party has supported the idea"),
    entry("solidarity", "SUPPORT", None, None, None, Single, 0.45, "the cleric expressed solidarity with Hamas"),
    // AGREE.
    entry("agreed", "AGREE", None, None, None, Single, 0.5, "both sides agreed to a truce"),
    // SANCTION.
    entry("sanctioned", "SANCTION", None, None, None, Single, 0.55, "Washington sanctioned the group's leaders"),
    entry("sanctions", "SANCTION", None, None, None, Plural, 0.45, "new sanctions on Iranian oil"),
    entry("expelled", "SANCTION", Some("expel"), None, None, Single, 0.5, "Baghdad expelled the ambassador"),
];
