import { ageOn, type Resident } from '@lingyan/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { abilitiesOf, can } from '../../platform/policy/policy.ts';
import type { ResidentRow } from './residents.repo.ts';
import { residentAbilities } from './residents.policy.ts';

/** A resident as the API shows it: personal numbers masked, sensitive fields hidden, abilities attached. */
export function presentResident(actor: Actor, r: ResidentRow, tags: string[], today: string, sensitive: ReadonlySet<string> = new Set()): Resident {
  const mayReveal = can(actor, 'registry:reveal', r.org_path);
  const visibleTags = mayReveal ? tags : tags.filter((t) => !sensitive.has(t));
  return {
    id: r.id,
    name: r.name,
    gender: r.gender as Resident['gender'],
    birthDate: r.birth_date,
    age: r.birth_date ? ageOn(r.birth_date, today) : null,
    idNumberMasked: r.id_number_masked,
    phoneMasked: r.phone_masked,
    ethnicityMasked: r.ethnicity_enc ? '***' : null,
    religionMasked: r.religion_enc ? '***' : null,
    politicalStatus: r.political_status as Resident['politicalStatus'],
    education: r.education as Resident['education'],
    occupation: r.occupation,
    employer: r.employer,
    registrationType: r.registration_type as Resident['registrationType'],
    residencePermitNo: r.residence_permit_no,
    residencePermitExpires: r.residence_permit_expires,
    status: r.status as Resident['status'],
    tags: visibleTags,
    hiddenTagCount: tags.length - visibleTags.length,
    gridId: r.grid_id,
    gridName: r.grid_name,
    homeId: r.home_id,
    address: r.address,
    householdId: r.household_id,
    relation: r.relation,
    movedInAt: r.moved_in_at,
    updatedAt: r.updated_at,
    abilities: abilitiesOf(residentAbilities, actor, r),
  };
}
