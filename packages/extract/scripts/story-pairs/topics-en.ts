import type { Topic } from './topic';

// Invented news, written for this corpus. Each role has several phrasings a
// reporter might use; two stories on one topic share stock phrases the way
// two real wire reports do, but not their facts or most of their sentences.

const earthquake: Topic = {
  name: 'earthquake',
  lang: 'en',
  slots: {
    place: ['Valdoria', 'Kessmark', 'Port Alvine', 'Tarrow Bay', 'Ostrel', 'Marenza', 'Halvik', 'Sunderveld', 'Corran Heights', 'Lisket'],
    region: ['the northern highlands', 'the southern coast', 'the eastern province', 'the river delta', 'the western mountains'],
    mag: ['5.8', '6.1', '6.4', '6.7', '7.0', '7.2', '5.9', '6.3'],
    depth: ['10', '12', '18', '24', '33', '41', '8'],
    dead: ['4', '9', '12', '17', '23', '31', '46', '3'],
    hurt: ['40', '85', '120', '210', '64', '300'],
    official: ['Interior Minister Rhea Tolland', 'Governor Amos Kelling', 'civil protection chief Dana Verhoek', 'Mayor Ilse Brandt', 'rescue coordinator Paulo Estes'],
    time: ['shortly after 3 a.m.', 'just before noon', 'late on Sunday evening', 'at dawn on Tuesday', 'during the morning rush hour'],
  },
  headlines: ['Magnitude {mag} quake kills {dead} in {place}', 'Deadly earthquake strikes {region}', 'Rescuers dig through rubble after {place} quake', '{place} earthquake: death toll rises to {dead}'],
  roles: [
    [
      'A magnitude {mag} earthquake struck {region} {time}, killing at least {dead} people and injuring {hurt} others, officials said.',
      'At least {dead} people were killed when a strong earthquake of magnitude {mag} shook {region} {time}.',
      'A powerful earthquake rocked {place} and surrounding towns {time}, leaving at least {dead} dead and {hurt} injured.',
    ],
    [
      'The quake was centred near {place} at a depth of {depth} kilometres, according to the national seismology institute.',
      'Seismologists said the epicentre lay close to {place}, at a shallow depth of about {depth} km.',
      'Its epicentre was {depth} kilometres beneath the ground near the town of {place}, the geological survey reported.',
    ],
    [
      '"Our teams are working through the night to reach people trapped under collapsed buildings," {official} told reporters.',
      '{official} said search teams were still combing through debris and warned that the toll could rise.',
      'Speaking at the scene, {official} urged residents to stay out of damaged homes until engineers had inspected them.',
    ],
    [
      'Several aftershocks followed, the strongest measuring {mag}, sending frightened residents into the streets.',
      'Residents described walls cracking and windows shattering as the ground shook for nearly a minute.',
      'Video shared on social media showed a church bell tower in {place} crumbling onto a square.',
    ],
    [
      'Power was cut across much of {region} and a main highway was blocked by landslides.',
      'Hospitals in {place} said they were treating dozens of patients in tents set up in car parks.',
      'Schools across {region} will remain closed for the rest of the week, the education ministry said.',
    ],
  ],
  extras: [
    'The area sits on a fault line that produced a deadly quake in 1987.',
    'Neighbouring countries offered to send rescue dogs and field hospitals.',
    'Engineers will assess a dam upstream of {place} for structural damage.',
    'Mobile networks were overloaded for hours as families tried to reach relatives.',
    'The government declared a state of emergency for {region} and released emergency funds.',
    'Many older stone houses in the villages were not built to withstand strong tremors.',
    'Red Cross volunteers handed out blankets and water at a sports stadium turned shelter.',
    'Train services between {place} and the capital were suspended while tracks were checked.',
    'A local bakery owner said she had felt the building sway before the shelves came down.',
    'Geologists said aftershocks could continue for several weeks.',
  ],
};

const councilVote: Topic = {
  name: 'council-vote',
  lang: 'en',
  slots: {
    city: ['Brackenford', 'Eastmere', 'Holloway Springs', 'Northgate', 'Ravensby', 'Stillwater', 'Ambergate', 'Fenwick'],
    measure: ['a plan to convert a downtown car park into housing', 'a proposal to ban short-term holiday lets', 'a 4 percent rise in property taxes', 'a new cycle lane network', 'the closure of two public libraries', 'a rezoning of the old rail yards'],
    yes: ['7', '8', '5', '6', '9'],
    no: ['4', '2', '3', '5', '1'],
    councillor: ['Councillor Marta Reyes', 'Councillor Tom Whitlock', 'Councillor Priya Nand', 'Councillor Owen Garrity', 'Councillor Leah Sorensen'],
    mayor: ['Mayor Graham Holt', 'Mayor Angela Dube', 'Mayor Felix Carrow', 'Mayor Nora Quist'],
    cost: ['$12 million', '$3.4 million', '$28 million', '$7.5 million', '$950,000'],
    day: ['Monday night', 'Tuesday evening', 'Wednesday', 'Thursday night'],
  },
  headlines: ['{city} council approves {measure}', 'Council votes {yes}-{no} for {measure}', 'Split vote in {city} over {measure}', '{city} backs controversial plan after long debate'],
  roles: [
    [
      'The {city} city council voted {yes} to {no} on {day} to approve {measure}, ending months of debate.',
      'After a marathon session on {day}, {city} councillors narrowly backed {measure} by a vote of {yes}-{no}.',
      '{city} council members approved {measure} {day}, with {yes} voting in favour and {no} against.',
    ],
    [
      'The measure is expected to cost {cost} over five years, according to a staff report.',
      'City staff estimate the plan will cost {cost}, to be paid from reserves and state grants.',
      'Opponents pointed to the {cost} price tag, which they said the city could not afford.',
    ],
    [
      '"This is about the kind of city we want to be in 20 years," said {councillor}, who introduced the proposal.',
      '{councillor}, who voted against, said residents had not been properly consulted.',
      '"We heard the concerns and we changed the plan to address them," {councillor} said before the vote.',
    ],
    [
      'More than 100 residents signed up to speak during public comment, and the meeting ran past midnight.',
      'Dozens of residents packed the chamber, some holding signs for and against the proposal.',
      'Public comment lasted nearly three hours, with speakers sharply divided.',
    ],
    [
      '{mayor} said the city would begin work on the details in the new year.',
      '{mayor} praised the council for "making a hard decision" and promised regular progress reports.',
      'A spokesperson for {mayor} said implementation would start after a review by the planning commission.',
    ],
  ],
  extras: [
    'A local business association had lobbied hard against the measure.',
    'The vote follows a similar decision in a neighbouring town last year.',
    'Council will revisit the plan in 18 months to assess its impact.',
    'Some residents said they would try to put the question on the ballot.',
    'The council also approved a routine budget amendment for road repairs.',
    'A tenants group called the outcome a first step and promised to keep pushing.',
    'Two councillors asked for an independent audit of the cost estimates.',
    'The city attorney said she expected a legal challenge.',
    'Earlier in the evening the council honoured retiring fire chief Walt Brenner.',
  ],
};

const football: Topic = {
  name: 'football',
  lang: 'en',
  slots: {
    team: ['Harbour City', 'Harbour City'],
    opp: ['Westbrook Rovers', 'Millfield Athletic', 'Dunmore United', 'Calder Town', 'Ashford Wanderers', 'Kingsbridge FC'],
    scorer: ['Luca Ferrante', 'Jonas Mbeki', 'Sam Okafor', 'Rui Tavares', 'Declan Moss', 'Kenji Aoyama'],
    oscorer: ['Pieter de Wal', 'Harvey Lyle', 'Marco Benti', 'Ali Sesay', 'Conor Ryan'],
    score: ['2-1', '3-1', '1-0', '2-0', '3-2', '4-2'],
    minute: ['12th', '27th', '38th', '55th', '67th', '78th', '89th'],
    coach: ['manager Elena Vos', 'coach Rob Hartigan', 'manager Sergio Lenz'],
    crowd: ['31,204', '28,950', '40,112', '19,877', '35,600'],
  },
  headlines: ['Harbour City beat {opp} {score}', '{scorer} fires Harbour City past {opp}', 'Late drama as Harbour City edge {opp}', 'Harbour City extend winning run against {opp}'],
  roles: [
    [
      'Harbour City beat {opp} {score} on Saturday, with {scorer} scoring the decisive goal in the {minute} minute.',
      '{scorer} struck in the {minute} minute as Harbour City overcame {opp} {score} in front of {crowd} fans.',
      'Harbour City moved up the table with a {score} win over {opp}, thanks to a {minute}-minute goal from {scorer}.',
    ],
    [
      '{opp} had taken the lead through {oscorer}, who headed in from a corner.',
      'The visitors went ahead early when {oscorer} finished off a quick counter-attack.',
      '{oscorer} equalised for {opp} shortly after half-time with a low shot from the edge of the box.',
    ],
    [
      '"The boys showed real character today," {coach} said after the match.',
      '{coach} said the team had been "too nervous" in the first half but praised the response after the break.',
      'Asked about the title race, {coach} said: "We take it one game at a time."',
    ],
    [
      'Harbour City had more of the ball but struggled to break down a well-organised defence.',
      'Both goalkeepers made several fine saves in an end-to-end second half.',
      'The match was held up for ten minutes in the first half after a floodlight failure.',
    ],
    [
      'The result leaves Harbour City third in the league, two points behind the leaders.',
      'Harbour City have now won four of their last five matches.',
      '{opp} remain in the bottom half of the table after a third straight defeat.',
    ],
  ],
  extras: [
    'Midfielder Arno Kess limped off with a hamstring injury and is doubtful for midweek.',
    'A crowd of {crowd} watched in steady rain.',
    'The referee waved away two penalty appeals in the first half.',
    '{scorer} has now scored nine goals this season.',
    'Harbour City travel to the capital for a cup tie on Wednesday.',
    'A young substitute made his debut in the final ten minutes.',
    'Fans held a minute of applause for a former club captain who died last week.',
    'The visiting supporters sang throughout despite the result.',
    'Video review overturned an offside decision late in the game.',
  ],
};

const rates: Topic = {
  name: 'rate-decision',
  lang: 'en',
  slots: {
    bank: ['the Central Bank of Norvania', 'the Reserve Bank of Calden', 'the Monetary Authority of Estria', 'the National Bank of Ardmoor'],
    rate: ['3.25', '3.5', '4.0', '4.25', '2.75', '5.0'],
    move: ['cut its benchmark rate by a quarter point', 'raised its key interest rate by 25 basis points', 'left its policy rate unchanged', 'lowered borrowing costs by half a percentage point'],
    inflation: ['2.4', '3.1', '3.8', '2.9', '4.6'],
    governor: ['Governor Ingrid Halvorsen', 'Governor Marcus Obi', 'Governor Lena Castell', 'Governor Piet Van Aken'],
    analyst: ['Sara Lindqvist, an economist at Northbank', 'Daniel Achebe of Meridian Capital', 'Chloe Marchetti, chief strategist at Fenwick Securities'],
    currency: ['krona', 'crown', 'dollar', 'mark'],
  },
  headlines: ['{bank} holds the line on rates', 'Rate decision: {bank} acts as inflation eases', '{bank} moves rates to {rate}%', 'Central bank surprises markets'],
  roles: [
    [
      '{bank} {move} on Thursday, bringing it to {rate} percent, as policymakers weighed slowing growth against stubborn prices.',
      'Policymakers at {bank} {move}, taking it to {rate}%, in a decision most economists had expected.',
      '{bank} {move} to {rate} percent on Thursday, its first change in several months.',
    ],
    [
      'Annual inflation stood at {inflation} percent last month, above the bank target of 2 percent.',
      'Consumer prices rose {inflation}% from a year earlier, official data showed last week.',
      'Inflation has eased to {inflation} percent but services prices remain high.',
    ],
    [
      '"We will do what is necessary to bring inflation back to target," {governor} told a news conference.',
      '{governor} said the board remained "data dependent" and would not commit to a path.',
      '{governor} warned that global trade tensions posed risks to the outlook.',
    ],
    [
      '"The statement was more cautious than markets had hoped," said {analyst}.',
      '{analyst} said she expected one more move before the end of the year.',
      'According to {analyst}, the decision reflects weaker hiring in recent months.',
    ],
    [
      'The {currency} weakened slightly after the announcement, while government bond yields fell.',
      'Shares of domestic banks slipped after the decision.',
      'The {currency} was little changed against the euro in afternoon trading.',
    ],
  ],
  extras: [
    'Two of the seven board members voted for a different outcome.',
    'The bank also cut its growth forecast for next year to 1.1 percent.',
    'Mortgage lenders are expected to adjust their rates within days.',
    'Unemployment has edged up to 5.2 percent from 4.8 percent a year ago.',
    'The next policy meeting is scheduled for early next quarter.',
    'House prices have fallen for three consecutive months.',
    'Business groups had urged the bank to act sooner.',
    'Minutes of the meeting will be published in two weeks.',
  ],
};

const wildfire: Topic = {
  name: 'wildfire',
  lang: 'en',
  slots: {
    county: ['Pine Ridge County', 'Alder County', 'Sagebrush County', 'Dunmore County', 'Cedar Flats County'],
    town: ['Bellmont', 'Juniper Falls', 'Redhill', 'Coyote Springs', 'Marlow', 'Elkhorn'],
    acres: ['4,200', '12,800', '27,500', '9,300', '51,000', '2,600'],
    contained: ['5', '12', '20', '35', '48', '0'],
    homes: ['14', '36', '80', '150', '7', '220'],
    evac: ['1,500', '3,000', '8,000', '12,000', '600'],
    chief: ['fire chief Rosa Delgado', 'incident commander Bill Tanaka', 'battalion chief Karen Moody', 'state forester Jim Pruett'],
    name: ['Hollow Fire', 'Cinder Fire', 'Ridgeback Fire', 'Sawmill Fire', 'Canyon Creek Fire'],
  },
  headlines: ['{name} forces thousands to flee', 'Wildfire near {town} grows to {acres} acres', 'Crews battle {name} in {county}', 'Evacuations ordered as {name} spreads'],
  roles: [
    [
      'The {name} has burned {acres} acres in {county} and was {contained} percent contained on Wednesday, fire officials said.',
      'A fast-moving wildfire dubbed the {name} scorched {acres} acres near {town} by Wednesday, with containment at {contained}%.',
      'Firefighters struggled to slow the {name}, which had grown to {acres} acres in {county} and was only {contained} percent contained.',
    ],
    [
      'About {evac} residents of {town} and nearby communities were ordered to evacuate.',
      'Evacuation orders covered {evac} people, and an evacuation centre opened at a high school.',
      'Authorities told {evac} residents to leave immediately as flames approached {town}.',
    ],
    [
      'At least {homes} homes have been destroyed, according to a preliminary damage assessment.',
      'The fire has destroyed {homes} structures, many of them homes, officials said.',
      'Officials confirmed {homes} houses had burned and warned the number would grow.',
    ],
    [
      '"Wind is our biggest enemy right now," said {chief}.',
      '{chief} said gusts of up to 50 mph had pushed embers more than a mile ahead of the fire front.',
      'According to {chief}, crews were building containment lines overnight while winds were calmer.',
    ],
    [
      'The cause of the fire is under investigation.',
      'Investigators believe the fire may have been sparked by a power line.',
      'Officials said the fire started near a campground but did not give a cause.',
    ],
  ],
  extras: [
    'Air quality alerts were issued for a wide area downwind.',
    'More than 900 firefighters and 12 aircraft are assigned to the blaze.',
    'A firefighter suffered minor burns and was treated at hospital.',
    'The state has had one of its driest springs on record.',
    'Several roads including the main route into {town} were closed.',
    'Animal shelters took in horses and livestock from evacuated ranches.',
    'Utility crews shut off power to thousands of customers as a precaution.',
    'Rain is not expected in the area until next week.',
  ],
};

const earnings: Topic = {
  name: 'earnings',
  lang: 'en',
  slots: {
    company: ['Trellis Systems', 'Northwind Foods', 'Kestrel Motors', 'Lumen Pharma', 'Quarry Logistics', 'Bluefin Retail'],
    revenue: ['$4.2 billion', '$812 million', '$11.6 billion', '$2.9 billion', '$1.35 billion'],
    growth: ['6', '11', '3', '18', '4', '9'],
    eps: ['$1.12', '$0.47', '$2.08', '$0.89', '$3.15'],
    ceo: ['chief executive Maya Lindgren', 'CEO Arjun Patel', 'chief executive Colin Reddaway', 'CEO Hana Sato'],
    shares: ['rose 7 percent', 'fell 4 percent', 'jumped 12 percent', 'slipped 2 percent', 'were flat'],
    jobs: ['1,200', '450', '3,000', '800'],
  },
  headlines: ['{company} quarterly revenue reaches {revenue}', '{company} shares move after results', '{company} beats forecasts', 'Results: {company} earns {eps} a share'],
  roles: [
    [
      '{company} reported quarterly revenue of {revenue} on Tuesday, up {growth} percent from a year earlier.',
      'Revenue at {company} came in at {revenue} for the quarter, a change of {growth}% on the same period last year.',
      '{company} said sales reached {revenue} in the three months to September, {growth} percent higher than a year ago.',
    ],
    [
      'Earnings per share were {eps}, compared with analyst forecasts of slightly less.',
      'Adjusted profit came to {eps} a share, ahead of Wall Street estimates.',
      'The company earned {eps} per share on an adjusted basis.',
    ],
    [
      '"Demand held up better than we feared," {ceo} said on a call with analysts.',
      '{ceo} said the company would keep investing despite a cautious outlook.',
      '{ceo} told investors that cost cuts were starting to pay off.',
    ],
    [
      'Shares {shares} in after-hours trading.',
      'The stock {shares} in extended trading following the announcement.',
      'Investors reacted quickly: the shares {shares} shortly after the results were published.',
    ],
    [
      'The company kept its full-year guidance unchanged.',
      '{company} raised its forecast for the full year.',
      'Management trimmed its outlook, citing weaker demand in Europe.',
    ],
  ],
  extras: [
    '{company} announced plans to cut {jobs} jobs as part of a restructuring.',
    'The company will buy back up to $500 million of its shares.',
    'Online sales grew faster than store sales for the fourth quarter running.',
    'A strike at a supplier weighed on production in August.',
    'The results included a one-off charge related to a legal settlement.',
    'Analysts had worried about rising freight and energy costs.',
    'The board declared a quarterly dividend of 24 cents.',
    'The company opened a new plant in Monterrey during the quarter.',
  ],
};

/** English topics of the story-pair corpus. */
export const ENGLISH_TOPICS: Topic[] = [earthquake, councilVote, football, rates, wildfire, earnings];
