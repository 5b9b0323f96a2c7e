import { addDays, checkCharacter, HEAD_RELATION } from '@lingyan/shared';
import { prng, Rng } from './demo-random.ts';
import { type Gender, ETHNIC_MIX, type Ethnic, type Lineage, familyName, personName } from './demo-registry.names.ts';
import {
  type Person,
  type Household,
  TACHENG_OTHER,
  EDUCATION_ADULT,
  EDUCATION_MIDDLE,
  EDUCATION_OLD,
  OCCUPATIONS,
  TENANT_OCCUPATIONS,
  PHONE_PREFIXES,
  ageOnDay,
  nextAnniversary,
} from './demo-registry.people.ts';
import { SEED } from './demo-registry.ts';

/** One demo community's households, people and rentals, generated from its seeded stream (see demo-registry.ts). */
// The generator ----------------------------------------------------------------------------------

export type Grid = { id: string; path: string; name: string; code: string; index: number };

export class CommunityGenerator {
  readonly rng: Rng;
  private personKey = 0;
  private readonly idSeq = new Map<string, number>();
  private phoneCounter = 0;
  private permitCounter = 0;
  private contractCounter = 0;

  constructor(
    readonly code: string,
    readonly communityIndex: number,
    readonly road: string,
    readonly today: string,
    readonly now: string,
  ) {
    this.rng = new Rng(prng(`${SEED}:${code}`));
  }

  /** 17 digits + check: region, birth date, a sequence unique in the demo (odd for men). */
  idNumber(p: Person): string {
    for (;;) {
      const key = p.region + p.birth;
      const k = this.idSeq.get(key) ?? 0;
      if (k < 32) {
        this.idSeq.set(key, k + 1);
        // Each community has its own block of 64 sequences, so IDs never collide across communities.
        const seq = this.communityIndex * 64 + k * 2 + (p.gender === 'male' ? 1 : 0);
        const first17 = `${p.region}${p.birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
        return first17 + checkCharacter(first17);
      }
      p.birth = addDays(p.birth, -1);
    }
  }

  private phone(): string {
    // A bijection on 7 digits keeps the numbers unique in the demo and unlike real sequences.
    const n = this.communityIndex * 200_000 + this.phoneCounter++;
    const scrambled = (n * 7919 + 1_234_567) % 10_000_000;
    return `${this.rng.pick(PHONE_PREFIXES)}6${String(scrambled).padStart(7, '0')}`;
  }

  private birthFor(age: number): string {
    return addDays(this.today, -(Math.floor(age * 365.2425) + this.rng.int(1, 364)));
  }

  private region(birth: string, ethnic: Ethnic, registration: 'local' | 'non-local'): string {
    if (registration === 'non-local') {
      if (ethnic.style === 'mongol' && this.rng.chance(0.6)) return '654226';
      return this.rng.pick(TACHENG_OTHER);
    }
    if (birth >= '2021-01-01') return '654203';
    if (ethnic.style === 'mongol' && this.rng.chance(0.4)) return '654226';
    return this.rng.chance(0.86) ? '654223' : this.rng.pick(TACHENG_OTHER);
  }

  person(opts: {
    age: number;
    gender: Gender;
    ethnic: Ethnic;
    relation: string;
    lineage: Lineage | null;
    registration: 'local' | 'non-local';
    movedIn: string;
    name?: string;
  }): Person {
    const rng = this.rng;
    const birth = this.birthFor(opts.age);
    const age = ageOnDay(birth, this.today);
    const by = Number(birth.slice(0, 4));
    const generated = personName(rng, opts.ethnic.style, opts.gender, by, opts.lineage);
    const nameOverride = opts.name;
    const p: Person = {
      key: this.personKey++,
      name: nameOverride ?? generated.name,
      given: generated.given,
      gender: opts.gender,
      birth,
      region: this.region(birth, opts.ethnic, opts.registration),
      ethnic: opts.ethnic,
      relation: opts.relation,
      phone: null,
      political: null,
      education: null,
      occupation: null,
      employer: null,
      registration: opts.registration,
      permitNo: null,
      permitExpires: null,
      status: 'living',
      movedIn: opts.movedIn < birth ? birth : opts.movedIn,
      tags: new Set(),
    };
    // Phones: most adults, fewer of the very old, no children.
    if (age >= 16 && rng.chance(age >= 80 ? 0.55 : 0.93)) p.phone = this.phone();
    // Education by age.
    if (age >= 6 && age <= 11) p.education = 'primary';
    else if (age >= 12 && age <= 14) p.education = 'junior-secondary';
    else if (age >= 15 && age <= 17) p.education = rng.chance(0.75) ? 'senior-secondary' : 'vocational';
    else if (age >= 18 && age <= 22)
      p.education = rng.weighted([
        ['senior-secondary', 35],
        ['vocational', 20],
        ['college', 25],
        ['bachelor', 20],
      ] as const);
    else if (age >= 23 && age <= 45) p.education = rng.weighted(EDUCATION_ADULT);
    else if (age >= 46 && age <= 65) p.education = rng.weighted(EDUCATION_MIDDLE);
    else if (age > 65) p.education = rng.weighted(EDUCATION_OLD);
    // Occupation.
    if (age >= 6 && age <= 17) p.occupation = '学生';
    else if (age >= 18 && age <= 22) p.occupation = rng.chance(0.6) ? '学生' : rng.weighted(OCCUPATIONS.map(([o, w]) => [o, w] as const));
    else if (age >= 23 && age < 60) {
      if (opts.registration === 'non-local') p.occupation = rng.weighted(TENANT_OCCUPATIONS);
      else {
        const [occupation, , employers] = rng.weighted(OCCUPATIONS.map((o) => [o, o[1]] as const));
        p.occupation = occupation;
        if (employers && rng.chance(0.8)) p.employer = rng.pick(employers);
      }
    } else if (age >= 60) p.occupation = rng.chance(0.85) ? '离退休' : rng.chance(0.5) ? '家务' : '个体经营';
    // Political status (政治面貌) from 14; the League is for the young.
    if (age >= 14) {
      const educated = p.education === 'bachelor' || p.education === 'postgraduate' || p.education === 'college';
      const party = age >= 18 ? 0.06 + (age >= 45 ? 0.04 : 0) + (educated ? 0.05 : 0) + (p.occupation === '公务员' || p.occupation === '教师' ? 0.3 : 0) : 0;
      if (opts.registration === 'local' && rng.chance(party)) p.political = 'party-member';
      else if (age >= 18 && rng.chance(0.004)) p.political = 'probationary-member';
      else if (age <= 28 && rng.chance(0.55)) p.political = 'league-member';
      else if (age >= 30 && rng.chance(0.002)) p.political = 'democratic-party';
      else p.political = 'masses';
    }
    // Tags a person has on their own.
    if (rng.chance(age >= 60 ? 0.04 : 0.012)) p.tags.add('disabled');
    if (p.gender === 'male' && age >= 25 && age <= 80 && rng.chance(0.034)) p.tags.add('veteran');
    if (age >= 60 && rng.chance(0.22)) p.tags.add('chronic-illness');
    return p;
  }

  private ethnic(): Ethnic {
    return this.rng.weighted(ETHNIC_MIX);
  }

  /** The age of an elderly person: 60–95, weighted to the sixties (about a quarter are 80+). */
  private elderlyAge(): number {
    return 60 + Math.floor(33 * Math.pow(this.rng.next(), 1.8));
  }

  private children(
    h: Household,
    motherAge: number,
    ethnic: Ethnic,
    lineage: Lineage,
    count: number,
    movedIn: string,
    registration: 'local' | 'non-local',
  ): void {
    const rng = this.rng;
    const ages: number[] = [];
    for (let i = 0; i < count; i++) {
      const age = motherAge - rng.int(22, 38);
      if (age < 0 || ages.includes(age)) continue;
      ages.push(age);
    }
    ages.sort((a, b) => b - a);
    for (const age of ages) {
      const gender: Gender = rng.chance(0.51) ? 'male' : 'female';
      const child = this.person({ age, gender, ethnic, relation: gender === 'male' ? '20' : '30', lineage, registration, movedIn });
      // Grown-up children studying or working elsewhere stay on the household as moved out.
      if (age >= 18 && age <= 30 && rng.chance(0.22)) child.status = 'moved-out';
      h.members.push(child);
    }
  }

  /** A household of local residents living in their own home. */
  localHousehold(special?: { headName: string; surname: string; headAge: number }): Household {
    const rng = this.rng;
    const ethnic: Ethnic = special ? { code: '01', style: 'han' } : this.ethnic();
    const kind = special
      ? 'family'
      : rng.weighted([
          ['family', 41],
          ['three-generations', 13],
          ['young-couple', 7],
          ['young-single', 6],
          ['elderly-couple', 13],
          ['elderly-single', 9],
          ['middle-couple', 8],
          ['single-parent', 3],
        ] as const);
    const movedIn = addDays(this.today, -rng.int(200, 9000));
    const h: Household = { kind: 'local', members: [], headAge: 0 };
    const add = (age: number, gender: Gender, relation: string, lineage: Lineage | null, name?: string) => {
      const p = this.person({ age, gender, ethnic, relation, lineage, registration: 'local', movedIn, ...(name ? { name } : {}) });
      h.members.push(p);
      return p;
    };
    const surname = special?.surname ?? (ethnic.style === 'han' || ethnic.style === 'hui' || ethnic.style === 'xibe' ? familyName(rng, ethnic.style) : null);
    const couple = (headAge: number) => {
      const headMale = special ? true : rng.chance(0.85);
      h.headAge = headAge;
      const head = add(headAge, headMale ? 'male' : 'female', HEAD_RELATION, { surname: headMale ? surname : null, fatherGiven: null }, special?.headName);
      const spouseAge = Math.max(18, headAge + (headMale ? -rng.int(-1, 5) : rng.int(-1, 5)));
      const spouse = add(spouseAge, headMale ? 'female' : 'male', '10', { surname: headMale ? null : surname, fatherGiven: null });
      const father = headMale ? head : spouse;
      const mother = headMale ? spouse : head;
      return { head, spouse, father, mother };
    };
    switch (kind) {
      case 'family':
      case 'three-generations': {
        const { head, father, mother } = couple(special?.headAge ?? rng.int(28, 56));
        const lineage: Lineage = { surname, fatherGiven: father.given };
        const count =
          rng.weighted([
            [1, 45],
            [2, 40],
            [3, 15],
          ] as const) + (ethnic.style === 'turkic-kz' || ethnic.style === 'turkic-ug' ? (rng.chance(0.3) ? 1 : 0) : 0);
        this.children(h, ageOnDay(mother.birth, this.today), ethnic, lineage, count, movedIn, 'local');
        if (kind === 'three-generations') {
          const parentAge = Math.min(96, ageOnDay(head.birth, this.today) + rng.int(24, 34));
          const male = rng.chance(0.35);
          // The head's father shares the head's surname; in a patronymic, his name is the head's second part.
          const headSurname = head.gender === 'male' && surname ? surname : null;
          const parent = add(parentAge, male ? 'male' : 'female', '50', { surname: male ? headSurname : null, fatherGiven: null });
          const patronymic = head.name.split('·')[1];
          if (male && patronymic && parent.name.includes('·')) parent.name = `${patronymic}·${parent.name.split('·')[1]}`;
          if (rng.chance(0.06)) parent.status = 'deceased';
        }
        break;
      }
      case 'single-parent': {
        const headAge = rng.int(30, 50);
        h.headAge = headAge;
        const male = rng.chance(0.25);
        const head = add(headAge, male ? 'male' : 'female', HEAD_RELATION, { surname, fatherGiven: null });
        this.children(
          h,
          headAge,
          ethnic,
          { surname: male ? surname : familyName(rng, ethnic.style), fatherGiven: male ? head.given : null },
          rng.int(1, 2),
          movedIn,
          'local',
        );
        break;
      }
      case 'young-couple':
        couple(rng.int(24, 36));
        break;
      case 'middle-couple':
        couple(rng.int(47, 64));
        break;
      case 'young-single': {
        const headAge = rng.int(20, 38);
        h.headAge = headAge;
        add(headAge, rng.chance(0.55) ? 'male' : 'female', HEAD_RELATION, { surname, fatherGiven: null });
        break;
      }
      case 'elderly-couple': {
        const { head, spouse } = couple(this.elderlyAge());
        if (rng.chance(0.12)) {
          // One of the two has died: the other now lives alone.
          spouse.status = 'deceased';
          head.tags.add('living-alone');
        } else {
          head.tags.add('empty-nest');
          spouse.tags.add('empty-nest');
        }
        break;
      }
      case 'elderly-single': {
        const headAge = this.elderlyAge();
        h.headAge = headAge;
        const head = add(headAge, rng.chance(0.35) ? 'male' : 'female', HEAD_RELATION, { surname, fatherGiven: null });
        head.tags.add('living-alone');
        break;
      }
    }
    const living = h.members.filter((m) => m.status === 'living');
    for (const m of living) {
      if (m.tags.has('living-alone') && (ageOnDay(m.birth, this.today) >= 75 || m.tags.has('disabled'))) m.tags.add('key-care');
    }
    // 低保: a household matter; every living member carries the tag.
    if (rng.chance(0.02)) for (const m of living) m.tags.add('subsistence');
    if (living.some((m) => m.tags.has('subsistence') && m.tags.has('disabled'))) for (const m of living) m.tags.add('key-care');
    return h;
  }

  /** Non-local tenants: 1–4 people who moved in on `start`, adults with residence permits. */
  tenantHousehold(start: string): Household {
    const rng = this.rng;
    const ethnic = this.ethnic();
    const kind = rng.weighted([
      ['single', 45],
      ['couple', 25],
      ['family', 30],
    ] as const);
    const h: Household = { kind: 'non-local', members: [], headAge: rng.int(20, 48) };
    const surname = ethnic.style === 'han' || ethnic.style === 'hui' || ethnic.style === 'xibe' ? familyName(rng, ethnic.style) : null;
    const headMale = rng.chance(kind === 'single' ? 0.6 : 0.85);
    const head = this.person({
      age: h.headAge,
      gender: headMale ? 'male' : 'female',
      ethnic,
      relation: HEAD_RELATION,
      lineage: { surname, fatherGiven: null },
      registration: 'non-local',
      movedIn: start,
    });
    h.members.push(head);
    if (kind !== 'single') {
      const spouse = this.person({
        age: Math.max(19, h.headAge + (headMale ? -rng.int(-1, 4) : rng.int(-1, 4))),
        gender: headMale ? 'female' : 'male',
        ethnic,
        relation: '10',
        lineage: { surname: headMale ? null : surname, fatherGiven: null },
        registration: 'non-local',
        movedIn: start,
      });
      h.members.push(spouse);
      if (kind === 'family') {
        const father = headMale ? head : spouse;
        const mother = headMale ? spouse : head;
        this.children(h, ageOnDay(mother.birth, this.today), ethnic, { surname, fatherGiven: father.given }, rng.int(1, 2), start, 'non-local');
        for (const c of h.members) if (c.status === 'moved-out') c.status = 'living';
      }
    }
    // 居住证: issued some weeks after moving in, endorsed yearly; adults (16+) hold one.
    for (const m of h.members) {
      if (ageOnDay(m.birth, this.today) < 16) continue;
      let issued = addDays(start, rng.int(7, 40));
      if (issued > this.today) issued = this.today;
      m.permitNo = `654203${issued.slice(0, 4)}${String(this.communityIndex * 40_000 + this.permitCounter++).padStart(6, '0')}`;
      m.permitExpires = nextAnniversary(issued, addDays(this.today, 31));
    }
    return h;
  }

  contractNo(start: string): string {
    return `ZL-${start.slice(0, 4)}-${String(this.communityIndex * 1000 + ++this.contractCounter).padStart(5, '0')}`;
  }
}

/** 天山路社区 → 天山路; 林场社区 → 林场路. */
